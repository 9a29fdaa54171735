/* wafer_nb firmware, board mps2-an500: QEMU's Cortex-M7 machine. The console is semihosting (stdout of QEMU);
   the serial link is UART0 (CMSDK APB UART at 0x40004000, QEMU's first -serial), used when built with
   WNB_UART_SERVE=1. The counter is SysTick under -icount shift=0, where every instruction advances virtual time
   by 1 ns: it counts instructions (calibrated on a loop of known length), not cycles. */
#include <stdio.h>
#include <stdlib.h>
#include "wnb_board.h"
#include "tensorflow/lite/micro/cortex_m_generic/debug_log_callback.h"

const char* const wnb_board_name = "mps2-an500";
const int wnb_board_cycles_source = WNB_CYCLES_QEMU_INSTR;
const char* const wnb_board_cycles_unit = "instructions";

#define SYST_CSR (*(volatile uint32_t*)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t*)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t*)0xE000E018u)
#define UART0_DATA (*(volatile uint32_t*)0x40004000u)
#define UART0_STATE (*(volatile uint32_t*)0x40004004u)
#define UART0_CTRL (*(volatile uint32_t*)0x40004008u)
#define UART0_BAUDDIV (*(volatile uint32_t*)0x40004010u)

static volatile uint32_t wnb_wraps;  /* SysTick reloads since start: the counter's upper bits */
static uint32_t wnb_cal_ticks = 1;   /* SysTick ticks per 2,000,000 instructions */

void wnb_systick_handler(void) { ++wnb_wraps; }

static uint64_t wnb_ticks(void) {
  uint32_t w, v;
  do { w = wnb_wraps; v = SYST_CVR; } while (w != wnb_wraps);
  return ((uint64_t)w << 24) + (0xFFFFFFu - v);
}

static void wnb_log_callback(const char* s) { fputs(s, stdout); }

void wnb_board_init(void) {
  RegisterDebugLogCallback(wnb_log_callback);
  SYST_RVR = 0xFFFFFFu; SYST_CVR = 0; SYST_CSR = 7u;  /* processor clock, interrupt on wrap, enabled */
  while (SYST_CVR == 0u) {}  /* the first tick loads RVR (no wrap is counted for it) */
  const uint64_t t0 = wnb_ticks();
  uint32_t n = 1000000u;  /* 2 instructions per iteration: 2,000,000 instructions */
  __asm volatile("1: subs %0, %0, #1\n bne 1b" : "+r"(n) : : "cc");
  const uint64_t dt = wnb_ticks() - t0;
  wnb_cal_ticks = dt ? (uint32_t)dt : 1u;
}

void wnb_board_log(const char* text) { fputs(text, stdout); }

uint64_t wnb_board_cycles(void) { return wnb_ticks() * 2000000u / wnb_cal_ticks; }

int wnb_board_serial_open(void) {
#if WNB_UART_SERVE
  UART0_BAUDDIV = 16; UART0_CTRL = 3u;  /* TX and RX enabled */
  return 0;
#else
  return -1;
#endif
}

int wnb_board_serial_getc(void) {
  while (!(UART0_STATE & 2u)) {}  /* RX buffer full */
  return (int)(UART0_DATA & 0xFFu);
}

void wnb_board_serial_write(const uint8_t* data, int n) {
  for (int i = 0; i < n; ++i) {
    while (UART0_STATE & 1u) {}  /* TX buffer full */
    UART0_DATA = data[i];
  }
}

void wnb_board_exit(int code) { exit(code); }
