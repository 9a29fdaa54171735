# wafer_nb firmware, board mps2-an500: QEMU's Cortex-M7 machine; console over semihosting, the protocol on UART0.
BOARD_GOAL := host
KERNELS ?=
SERVE ?= 0
QEMU_SERIAL ?= tcp:127.0.0.1:5555,server=on,wait=off
CM7 = build/cm7$(if $(KERNELS),-$(KERNELS))$(if $(filter 1,$(SERVE)),-serve)
QEMU := qemu-system-arm -M mps2-an500 -icount shift=0 -nographic -monitor none \
  -semihosting-config enable=on,target=native
B := boards/mps2-an500
cm7: $(CM7)/wafer_nb_fw.elf
	arm-none-eabi-size $<
$(CM7)/wafer_nb_fw.elf: $(DEPS) $(B)/board.c $(B)/startup_cm7.c $(B)/mps2_an500.ld
	$(TFLM_MAKE) $(CM7_ARGS) microlite
	mkdir -p $(CM7)
	for f in app/preprocess model_tables $(B)/board $(B)/startup_cm7; do \
	  arm-none-eabi-gcc $(CM7_FLAGS) $(CFLAGS) $(INCLUDES) -DWNB_UART_SERVE=$(SERVE) -c $$f.c -o $(CM7)/$$(basename $$f).o || exit 1; done
	for f in $(basename $(APP_CC)); do \
	  arm-none-eabi-g++ $(CM7_FLAGS) $(CM7_DEFS) $(CXXFLAGS) $(INCLUDES) -c $$f.cc -o $(CM7)/$$(basename $$f).o || exit 1; done
	arm-none-eabi-g++ $(CM7_FLAGS) --specs=rdimon.specs -T $(B)/mps2_an500.ld -Wl,--gc-sections \
	  -Wl,-Map=$(CM7)/wafer_nb_fw.map $(CM7)/*.o $(call tflm_lib,$(CM7_ARGS)) -lm -o $@
qemu: cm7
	$(QEMU) -serial none -kernel $(CM7)/wafer_nb_fw.elf | tee $(CM7)/qemu.log; test $${PIPESTATUS[0]} -eq 0
qemu-serve:
	$(MAKE) --no-print-directory cm7 SERVE=1
	$(QEMU) -serial $(QEMU_SERIAL) -kernel $(CM7)-serve/wafer_nb_fw.elf
.PHONY: cm7 qemu qemu-serve
