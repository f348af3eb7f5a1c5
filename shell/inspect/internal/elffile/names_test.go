package elffile

import (
	"debug/elf"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestNamesAgree: gosh names classes, machines, types and the rest as
// debug/elf does, since its messages show them: every value of the small
// types, and for the 32-bit ones the named values, their neighbours and
// a sample of the rest.
func TestNamesAgree(t *testing.T) {
	for i := range math.MaxUint16 + 1 {
		if got, want := Machine(i).String(), elf.Machine(i).String(); got != want {
			t.Fatalf("Machine(%d) = %q, debug/elf %q", i, got, want)
		}
		if got, want := Type(i).String(), elf.Type(i).String(); got != want {
			t.Fatalf("Type(%d) = %q, debug/elf %q", i, got, want)
		}
	}
	for i := range math.MaxUint8 + 1 {
		b := byte(i)
		for _, pair := range [][2]string{
			{Class(b).String(), elf.Class(b).String()},
			{Data(b).String(), elf.Data(b).String()},
			{Version(b).String(), elf.Version(b).String()},
			{OSABI(b).String(), elf.OSABI(b).String()},
		} {
			if pair[0] != pair[1] {
				t.Fatalf("value %d is named %q, debug/elf %q", i, pair[0], pair[1])
			}
		}
	}
	var values []uint32
	for _, n := range append(append([]intName(nil), sectionTypeNames...), compressionNames...) {
		values = append(values, n.i-1, n.i, n.i+1, n.i+2)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		values = append(values, rng.Uint32())
	}
	for _, v := range values {
		if got, want := SectionType(v).String(), elf.SectionType(v).String(); got != want {
			t.Fatalf("SectionType(%#x) = %q, debug/elf %q", v, got, want)
		}
		if got, want := compressionType(v).String(), elf.CompressionType(v).String(); got != want {
			t.Fatalf("compressionType(%#x) = %q, debug/elf %q", v, got, want)
		}
	}
}

// TestConstantsAgree: the constants have debug/elf's values.
func TestConstantsAgree(t *testing.T) {
	tests := []struct {
		name      string
		got, want uint64
	}{
		{"EI_CLASS", EI_CLASS, elf.EI_CLASS},
		{"EI_DATA", EI_DATA, elf.EI_DATA},
		{"EI_VERSION", EI_VERSION, elf.EI_VERSION},
		{"EI_OSABI", EI_OSABI, elf.EI_OSABI},
		{"EI_NIDENT", EI_NIDENT, elf.EI_NIDENT},
		{"ELFOSABI_NONE", uint64(ELFOSABI_NONE), uint64(elf.ELFOSABI_NONE)},
		{"ELFOSABI_LINUX", uint64(ELFOSABI_LINUX), uint64(elf.ELFOSABI_LINUX)},
		{"ET_REL", uint64(ET_REL), uint64(elf.ET_REL)},
		{"ET_EXEC", uint64(ET_EXEC), uint64(elf.ET_EXEC)},
		{"ET_DYN", uint64(ET_DYN), uint64(elf.ET_DYN)},
		{"EM_386", uint64(EM_386), uint64(elf.EM_386)},
		{"EM_MIPS", uint64(EM_MIPS), uint64(elf.EM_MIPS)},
		{"EM_PPC64", uint64(EM_PPC64), uint64(elf.EM_PPC64)},
		{"EM_S390", uint64(EM_S390), uint64(elf.EM_S390)},
		{"EM_ARM", uint64(EM_ARM), uint64(elf.EM_ARM)},
		{"EM_X86_64", uint64(EM_X86_64), uint64(elf.EM_X86_64)},
		{"EM_AARCH64", uint64(EM_AARCH64), uint64(elf.EM_AARCH64)},
		{"EM_RISCV", uint64(EM_RISCV), uint64(elf.EM_RISCV)},
		{"EM_LOONGARCH", uint64(EM_LOONGARCH), uint64(elf.EM_LOONGARCH)},
		{"SHT_NULL", uint64(SHT_NULL), uint64(elf.SHT_NULL)},
		{"SHT_SYMTAB", uint64(SHT_SYMTAB), uint64(elf.SHT_SYMTAB)},
		{"SHT_STRTAB", uint64(SHT_STRTAB), uint64(elf.SHT_STRTAB)},
		{"SHT_RELA", uint64(SHT_RELA), uint64(elf.SHT_RELA)},
		{"SHT_DYNAMIC", uint64(SHT_DYNAMIC), uint64(elf.SHT_DYNAMIC)},
		{"SHT_NOBITS", uint64(SHT_NOBITS), uint64(elf.SHT_NOBITS)},
		{"SHT_DYNSYM", uint64(SHT_DYNSYM), uint64(elf.SHT_DYNSYM)},
		{"SHT_GNU_VERDEF", uint64(SHT_GNU_VERDEF), uint64(elf.SHT_GNU_VERDEF)},
		{"SHT_GNU_VERNEED", uint64(SHT_GNU_VERNEED), uint64(elf.SHT_GNU_VERNEED)},
		{"SHT_GNU_VERSYM", uint64(SHT_GNU_VERSYM), uint64(elf.SHT_GNU_VERSYM)},
		{"SHF_ALLOC", uint64(SHF_ALLOC), uint64(elf.SHF_ALLOC)},
		{"SHF_COMPRESSED", uint64(SHF_COMPRESSED), uint64(elf.SHF_COMPRESSED)},
		{"PT_LOAD", uint64(PT_LOAD), uint64(elf.PT_LOAD)},
		{"PF_X", uint64(PF_X), uint64(elf.PF_X)},
		{"PF_W", uint64(PF_W), uint64(elf.PF_W)},
		{"DT_FLAGS_1", uint64(DT_FLAGS_1), uint64(elf.DT_FLAGS_1)},
		{"DF_1_PIE", uint64(DF_1_PIE), uint64(elf.DF_1_PIE)},
		{"STT_OBJECT", uint64(STT_OBJECT), uint64(elf.STT_OBJECT)},
		{"STT_FUNC", uint64(STT_FUNC), uint64(elf.STT_FUNC)},
		{"R_X86_64_RELATIVE", uint64(R_X86_64_RELATIVE), uint64(elf.R_X86_64_RELATIVE)},
		{"COMPRESS_ZLIB", uint64(compressZlib), uint64(elf.COMPRESS_ZLIB)},
		{"COMPRESS_ZSTD", uint64(compressZstd), uint64(elf.COMPRESS_ZSTD)},
		{"header32Size", header32Size, uint64(unsafe.Sizeof(elf.Header32{}))},
		{"header64Size", header64Size, uint64(unsafe.Sizeof(elf.Header64{}))},
		{"prog32Size", prog32Size, uint64(unsafe.Sizeof(elf.Prog32{}))},
		{"prog64Size", prog64Size, uint64(unsafe.Sizeof(elf.Prog64{}))},
		{"section32Size", section32Size, uint64(unsafe.Sizeof(elf.Section32{}))},
		{"section64Size", section64Size, uint64(unsafe.Sizeof(elf.Section64{}))},
		{"chdr32Size", chdr32Size, uint64(unsafe.Sizeof(elf.Chdr32{}))},
		{"chdr64Size", chdr64Size, uint64(unsafe.Sizeof(elf.Chdr64{}))},
		{"sym32Size", sym32Size, elf.Sym32Size},
		{"sym64Size", sym64Size, elf.Sym64Size},
		{"dyn32Size", dyn32Size, uint64(unsafe.Sizeof(elf.Dyn32{}))},
		{"dyn64Size", dyn64Size, uint64(unsafe.Sizeof(elf.Dyn64{}))},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %#x, debug/elf %#x", tt.name, tt.got, tt.want)
		}
	}
	if unsafe.Sizeof(0) == 8 && maxSections != math.MaxUint64/uint64(unsafe.Sizeof(elf.Section{})) {
		t.Errorf("maxSections = %d, but debug/elf's Section has %d bytes", uint64(maxSections), unsafe.Sizeof(elf.Section{}))
	}
	for info := range 256 {
		if ST_TYPE(byte(info)) != SymType(elf.ST_TYPE(byte(info))) {
			t.Errorf("ST_TYPE(%#x) = %v, debug/elf %v", info, ST_TYPE(byte(info)), elf.ST_TYPE(byte(info)))
		}
	}
}
