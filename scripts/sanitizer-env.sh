# Run-time options of the sanitizer builds (build-asan/, build-fuzz/),
# sourced by scripts/test.sh and scripts/fuzz.sh; source it by hand to run
# their tests or executables the same way:
#   source scripts/sanitizer-env.sh && (cd build-asan && ctest)
# - Leaks are checked (LeakSanitizer) at the exit of every process, the
#   executables that the end-to-end tests spawn included. Known leaks of the
#   libraries facette uses, never facette's own, are listed in
#   tests/sanitizer/lsan.supp with the reason for each, by the function that
#   allocates; stacks are unwound the default (frame pointer) way, which that
#   file relies on (fast_unwind_on_malloc stays on). tests/sanitizer/
#   leak_check_test.cc checks that a leak in a Xapian callback still fails.
# - Any report exits with status 86, which no facette tool uses, so that a
#   test checking an exit status cannot mistake one for an answer.
# - new_delete_type_mismatch is off: Xapian 1.4.22's Xapian::Database::check
#   (xapian-check's code, called by the crash test) deletes a 440-byte object
#   through a 432-byte type inside libxapian, and ASan has no per-library
#   suppression for this check. Every other ASan check stays on, except
#   what tests/sanitizer/asan.supp says, with the reason: reads inside
#   libxapian's own buffers that only its interceptors (memcmp) can see.
# - Undefined behaviour stops the process (the build also says
#   -fno-sanitize-recover=undefined) and prints its stack.
_facette_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ASAN_OPTIONS="suppressions=${_facette_root}/tests/sanitizer/asan.supp:detect_leaks=1:new_delete_type_mismatch=0:exitcode=86:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
export LSAN_OPTIONS="suppressions=${_facette_root}/tests/sanitizer/lsan.supp:print_suppressions=0:exitcode=86"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86"
unset _facette_root
