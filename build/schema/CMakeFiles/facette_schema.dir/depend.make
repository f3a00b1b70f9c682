# Empty dependencies file for facette_schema.
# This may be replaced when dependencies are built.
