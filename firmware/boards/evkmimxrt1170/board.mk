# wafer_nb firmware, board evkmimxrt1170: the i.MX RT1170 EVK's Cortex-M7, over the MCUXpresso SDK board support
# at MCUX_DIR (startup, clocks, pins, MPU, LPUART1 debug console, linker scripts). The tensor arena is in DTCM
# (.bss), the model array in the QSPI NOR (flexspi_nor, read in place) or in ITCM (MODEL_IN=itcm, copied there
# by the start-up code); a link check (`rt1170-check`) proves both from the ELF's symbols.
BOARD_GOAL := rt1170
KERNELS ?= cmsis_nn
RT1170_TARGET ?= flexspi_nor
MODEL_IN ?= flash
STACK_SIZE ?= 0x4000
ifneq ($(filter rt1170,$(if $(MAKECMDGOALS),$(MAKECMDGOALS),$(BOARD_GOAL))),)
ifndef MCUX_DIR
$(error set MCUX_DIR to the i.MX RT1170 EVK board-support tree (MCUXpresso SDK subset))
endif
endif
RT := build/rt1170-$(RT1170_TARGET)$(if $(filter itcm,$(MODEL_IN)),-itcm)
DEV := $(MCUX_DIR)/device/MIMXRT1176
BRD := $(MCUX_DIR)/board/evkmimxrt1170
MCUX_SRCS := $(DEV)/system_MIMXRT1176_cm7.c $(DEV)/drivers/fsl_clock.c $(DEV)/drivers/anatop_ai/fsl_anatop_ai.c \
  $(DEV)/drivers/power/fsl_pmu.c $(DEV)/drivers/power/fsl_dcdc.c $(DEV)/drivers/power/fsl_gpc.c \
  $(DEV)/drivers/power/fsl_soc_src.c $(MCUX_DIR)/drivers/common/fsl_common.c \
  $(MCUX_DIR)/drivers/common/fsl_common_arm.c $(MCUX_DIR)/drivers/lpuart/fsl_lpuart.c \
  $(MCUX_DIR)/drivers/igpio/fsl_gpio.c $(MCUX_DIR)/drivers/cache/armv7-m7/fsl_cache.c \
  $(MCUX_DIR)/components/uart/fsl_adapter_lpuart.c $(MCUX_DIR)/components/lists/fsl_component_generic_list.c \
  $(MCUX_DIR)/utilities/debug_console_lite/fsl_debug_console.c $(MCUX_DIR)/utilities/str/fsl_str.c \
  $(MCUX_DIR)/utilities/assert/fsl_assert.c $(MCUX_DIR)/utilities/misc_utilities/fsl_sbrk.c \
  $(MCUX_DIR)/utilities/misc_utilities/fsl_syscall_stub.c $(BRD)/board.c $(BRD)/clock_config.c $(BRD)/pin_mux.c
MCUX_INCS := $(MCUX_DIR)/CMSIS/Core/Include $(DEV) $(MCUX_DIR)/device/periph $(DEV)/drivers \
  $(DEV)/drivers/anatop_ai $(DEV)/drivers/power $(DEV)/xip $(MCUX_DIR)/drivers/common $(MCUX_DIR)/drivers/lpuart \
  $(MCUX_DIR)/drivers/igpio $(MCUX_DIR)/drivers/cache/armv7-m7 $(MCUX_DIR)/components/uart \
  $(MCUX_DIR)/components/lists $(MCUX_DIR)/utilities/debug_console_lite $(MCUX_DIR)/utilities/str \
  $(MCUX_DIR)/utilities/assert $(BRD) $(BRD)/xip
MCUX_DEFS := -DCPU_MIMXRT1176DVMAA_cm7 -DMCUXPRESSO_SDK -DSDK_DEBUGCONSOLE=1 -DNDEBUG
ASDEFS := -D__STARTUP_CLEAR_BSS -D__STARTUP_INITIALIZE_NONCACHEDATA
ifeq ($(RT1170_TARGET),flexspi_nor)
  LDSCRIPT := $(DEV)/gcc/MIMXRT1176xxxxx_cm7_flexspi_nor.ld
  MCUX_DEFS += -DXIP_EXTERNAL_FLASH=1 -DXIP_BOOT_HEADER_ENABLE=1
  ASDEFS += -D__STARTUP_INITIALIZE_RAMFUNCTION
  MCUX_SRCS += $(BRD)/xip/evkmimxrt1170_flexspi_nor_config.c $(DEV)/xip/fsl_flexspi_nor_boot.c
else ifeq ($(RT1170_TARGET),ram)
  LDSCRIPT := $(DEV)/gcc/MIMXRT1176xxxxx_cm7_ram.ld
  ASDEFS += -D__STARTUP_INITIALIZE_RAMFUNCTION
else
  $(error RT1170_TARGET must be flexspi_nor or ram, not '$(RT1170_TARGET)')
endif
MODEL_DEF := -DWNB_MODEL_IN_ITCM=$(if $(filter itcm,$(MODEL_IN)),1,0)
RT_CFLAGS = $(CM7_FLAGS) -Os -g $(MCUX_DEFS) $(addprefix -I,$(MCUX_INCS)) -ffunction-sections -fdata-sections \
  -fno-common
RT_LDFLAGS = $(CM7_FLAGS) -T$(LDSCRIPT) --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections \
  -Wl,-Map=$(RT)/wafer_nb_fw.map -Wl,--print-memory-usage -Wl,--defsym=__stack_size__=$(STACK_SIZE)
rt1170: $(RT)/wafer_nb_fw.elf
	arm-none-eabi-objcopy -O binary $< $(RT)/wafer_nb_fw.bin
	arm-none-eabi-objcopy -O ihex $< $(RT)/wafer_nb_fw.hex
	arm-none-eabi-size $<
$(RT)/wafer_nb_fw.elf: $(DEPS) boards/evkmimxrt1170/board.c
	$(TFLM_MAKE) $(CM7_ARGS) microlite
	mkdir -p $(RT)/mcux
	for f in $(MCUX_SRCS); do \
	  arm-none-eabi-gcc $(RT_CFLAGS) -std=gnu99 -c $$f -o $(RT)/mcux/$$(basename $$f .c).o || exit 1; done
	arm-none-eabi-gcc $(CM7_FLAGS) $(ASDEFS) -x assembler-with-cpp -c $(DEV)/gcc/startup_MIMXRT1176_cm7.S \
	  -o $(RT)/mcux/startup.o
	for f in app/preprocess model_tables boards/evkmimxrt1170/board; do \
	  arm-none-eabi-gcc $(RT_CFLAGS) $(INCLUDES) -std=gnu99 -Wall -c $$f.c -o $(RT)/$$(basename $$f).o || exit 1; done
	for f in $(basename $(APP_CC)); do \
	  arm-none-eabi-g++ $(RT_CFLAGS) $(CM7_DEFS) $(MODEL_DEF) $(CXXFLAGS) $(INCLUDES) -c $$f.cc \
	    -o $(RT)/$$(basename $$f).o || exit 1; done
	arm-none-eabi-g++ $(RT_LDFLAGS) $(RT)/*.o $(RT)/mcux/*.o $(call tflm_lib,$(CM7_ARGS)) -lm -o $@
.PHONY: rt1170
