// wafer_nb firmware: raw input -> int8 input tensor, byte-identical to the Python preprocessing
// (wafer_nb.firmware.preprocess_py); the tables it reads are generated per run (model_tables.c).
#pragma once
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
/* Wafer map (h*w dies, row-major, 0 off-wafer / 1 pass / 2 fail) -> int8 input tensor of
   WNB_INPUT_SIZE*WNB_INPUT_SIZE*WNB_INPUT_CHANNELS values (HWC).
   Returns 0, or -1 grid smaller than 2x2, -2 a value outside {0,1,2}, -3 no die on the wafer.
   An image run (WNB_IMAGE 1) takes an 8-bit gray image of exactly WNB_INPUT_SIZE x WNB_INPUT_SIZE
   pixels instead (the camera pipeline resizes), and returns -1 for any other size. */
int wnb_preprocess(const uint8_t* map, int h, int w, int8_t* out);
/* Orientation v (0-7) of an input tensor: mirrored (columns reversed) if v >= 4, then v mod 4
   counter-clockwise quarter turns; wafer_nb.export.dihedral_view in Python. `out` must not alias `in`. */
void wnb_view(const int8_t* in, int v, int8_t* out);
#ifdef __cplusplus
}
#endif
