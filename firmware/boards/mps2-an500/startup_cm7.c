/* wafer_nb firmware, board mps2-an500: minimal Cortex-M7 start-up for QEMU: vector table, FPU enable, then
   newlib's _start (rdimon/semihosting crt0: zeroes .bss, sets up stdio over semihosting, calls main and exit). */
#include <stdint.h>
extern void _start(void);
extern void _exit(int);
extern uint32_t __stack_top;
void wnb_systick_handler(void);  /* board.c: counts SysTick wraps */

static void wnb_fault(void) { _exit(99); }  /* a fault ends the run with a non-zero code instead of hanging */

void wnb_reset(void) {
  volatile uint32_t* cpacr = (volatile uint32_t*)0xE000ED88u;
  *cpacr |= (0xFu << 20);  /* full access to CP10 and CP11: the FPU */
  __asm volatile("dsb\n isb");
  _start();
}

__attribute__((section(".isr_vector"), used)) void (*const wnb_vectors[16])(void) = {
  (void (*)(void))&__stack_top, wnb_reset, wnb_fault, wnb_fault, wnb_fault, wnb_fault, wnb_fault,
  0, 0, 0, 0, wnb_fault, wnb_fault, 0, wnb_fault, wnb_systick_handler};
