// wafer_nb firmware: what the application needs of a board. One file a board implements it
// (boards/<name>/board.c*): the host, QEMU's mps2-an500 and the i.MX RT1170 EVK.
#pragma once
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

// Where a cycle count comes from; sent with every result and printed beside every figure.
enum wnb_cycles_source {
  WNB_CYCLES_NONE = 0,        // the board has no counter
  WNB_CYCLES_HOST_NS = 1,     // the host's monotonic clock, nanoseconds
  WNB_CYCLES_QEMU_INSTR = 2,  // QEMU -icount shift=0: instructions executed, not cycles
  WNB_CYCLES_DWT = 3,         // the Cortex-M7's DWT cycle counter on real silicon
};

extern const char* const wnb_board_name;
extern const int wnb_board_cycles_source;  // an enum wnb_cycles_source
extern const char* const wnb_board_cycles_unit;  // "ns", "instructions" or "cycles"

void wnb_board_init(void);               // clocks, pins, console, the counter
void wnb_board_log(const char* text);    // text on the console (no newline added)
uint64_t wnb_board_cycles(void);         // free-running count in wnb_board_cycles_unit
int wnb_board_serial_open(void);         // 0 when a serial link for the protocol exists
int wnb_board_serial_getc(void);         // next byte of the link (blocking); -1 when it closed
void wnb_board_serial_write(const uint8_t* data, int n);
void wnb_board_exit(int code);           // host and QEMU: end the program; a board: stop here

#ifdef __cplusplus
}
#endif
