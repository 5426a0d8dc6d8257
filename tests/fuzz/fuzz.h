/* Shared by the libFuzzer targets and their replay driver. */
#ifndef KEEPSAKE_FUZZ_H
#define KEEPSAKE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
