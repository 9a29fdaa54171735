/* wafer_nb firmware, board evkmimxrt1170: the NXP i.MX RT1170 EVK's Cortex-M7 at 996 MHz (MCUXpresso SDK board
   files: MPU, pins, clocks, debug console on LPUART1 at 115200 8N1, the EVK's debug USB port). The serial link of
   the protocol is the same LPUART1: after the self-test's text the board answers frames, and the host skips
   the text. The counter is the DWT cycle counter: real cycles. Untested on a board here: no EVK in CI. */
#include "board.h"  // the SDK's board header (BOARD_ConfigMPU, BOARD_InitDebugConsole)
#include "wnb_board.h"
#include "clock_config.h"
#include "fsl_debug_console.h"
#include "fsl_device_registers.h"
#include "fsl_lpuart.h"
#include "pin_mux.h"
#include "tensorflow/lite/micro/cortex_m_generic/debug_log_callback.h"

const char* const wnb_board_name = "evkmimxrt1170";
const int wnb_board_cycles_source = WNB_CYCLES_DWT;
const char* const wnb_board_cycles_unit = "cycles";

/* DWT Lock Access Register (offset 0xFB0); CMSIS 6 dropped the LAR member from DWT_Type. */
#define WNB_DWT_LAR (*(volatile uint32_t*)(DWT_BASE + 0xFB0u))

/* ITCM starts at address 0: a model placed first there (MODEL_IN=itcm) would be a null pointer. These bytes take
   address 0 instead (board.o links before model_data.o; rt1170_link_check refuses a model at 0). */
__attribute__((section("CodeQuickAccess"), used, aligned(16))) const uint32_t wnb_itcm_guard[4] = {0};

static uint32_t wnb_last, wnb_high;  /* CYCCNT wraps every 4.3 s at 996 MHz: count the wraps between reads */

static void wnb_log_callback(const char* s) { PRINTF("%s", s); }

void wnb_board_init(void) {
  BOARD_ConfigMPU();
  BOARD_InitBootPins();
  BOARD_InitBootClocks();
  BOARD_InitDebugConsole();
  (void)*(volatile const uint32_t*)wnb_itcm_guard;  /* referenced, so --gc-sections keeps it at address 0 */
  RegisterDebugLogCallback(wnb_log_callback);
  DCB->DEMCR |= DCB_DEMCR_TRCENA_Msk;
  WNB_DWT_LAR = 0xC5ACCE55u;
  DWT->CYCCNT = 0u;
  DWT->CTRL |= DWT_CTRL_CYCCNTENA_Msk;
  PRINTF("\r\nwafer_nb on %s, Cortex-M7 at %u Hz\r\n", BOARD_NAME, (unsigned)SystemCoreClock);
}

void wnb_board_log(const char* text) { PRINTF("%s", text); }

uint64_t wnb_board_cycles(void) {
  const uint32_t now = DWT->CYCCNT;
  if (now < wnb_last) ++wnb_high;
  wnb_last = now;
  return ((uint64_t)wnb_high << 32) | now;
}

int wnb_board_serial_open(void) { return 0; }

int wnb_board_serial_getc(void) {
  uint8_t b;
  while (LPUART_ReadBlocking((LPUART_Type*)BOARD_DEBUG_UART_BASEADDR, &b, 1) != kStatus_Success) {
    LPUART_ClearStatusFlags((LPUART_Type*)BOARD_DEBUG_UART_BASEADDR, kLPUART_RxOverrunFlag);
  }
  return b;
}

void wnb_board_serial_write(const uint8_t* data, int n) {
  LPUART_WriteBlocking((LPUART_Type*)BOARD_DEBUG_UART_BASEADDR, data, (size_t)n);
}

void wnb_board_exit(int code) {
  PRINTF("wafer_nb: stopped (%d)\r\n", code);
  for (;;) {}
}
