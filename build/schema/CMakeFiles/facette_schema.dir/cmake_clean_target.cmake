file(REMOVE_RECURSE
  "libfacette_schema.a"
)
