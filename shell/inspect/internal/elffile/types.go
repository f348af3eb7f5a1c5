package elffile

// The ELF header's identification bytes (e_ident) that gosh reads.
const (
	ELFMAG     = "\x7fELF" // the magic number the file starts with
	EI_CLASS   = 4         // index of the file's class (word size)
	EI_DATA    = 5         // index of the file's data encoding (byte order)
	EI_VERSION = 6         // index of the ELF version
	EI_OSABI   = 7         // index of the OS ABI
	EI_NIDENT  = 16        // size of e_ident
)

// Class is the word size of the file: e_ident[EI_CLASS].
type Class byte

// The classes, as debug/elf names them.
const (
	ELFCLASSNONE Class = 0 // invalid
	ELFCLASS32   Class = 1 // 32-bit
	ELFCLASS64   Class = 2 // 64-bit
)

// Data is the byte order of the file: e_ident[EI_DATA].
type Data byte

// The data encodings.
const (
	ELFDATANONE Data = 0 // invalid
	ELFDATA2LSB Data = 1 // little-endian
	ELFDATA2MSB Data = 2 // big-endian
)

// Version is the ELF version, in e_ident[EI_VERSION] and e_version.
type Version byte

// EV_CURRENT is the only ELF version there is.
const EV_CURRENT Version = 1

// OSABI is the operating system ABI the file is built for:
// e_ident[EI_OSABI].
type OSABI byte

// The OS ABIs that a Linux shared library may have.
const (
	ELFOSABI_NONE  OSABI = 0 // System V, what most Linux files say
	ELFOSABI_LINUX OSABI = 3 // GNU/Linux
)

// Type is the kind of file: e_type.
type Type uint16

// The kinds of file gosh tells apart.
const (
	ET_REL  Type = 1 // relocatable object
	ET_EXEC Type = 2 // executable
	ET_DYN  Type = 3 // shared object (or position-independent executable)
)

// Machine is the architecture the file is built for: e_machine.
type Machine uint16

// The machines Go builds plugins for.
const (
	EM_386       Machine = 3
	EM_MIPS      Machine = 8
	EM_PPC64     Machine = 21
	EM_S390      Machine = 22
	EM_ARM       Machine = 40
	EM_X86_64    Machine = 62
	EM_AARCH64   Machine = 183
	EM_RISCV     Machine = 243
	EM_LOONGARCH Machine = 258
)

// SectionType is a section header's sh_type.
type SectionType uint32

// The section types gosh reads.
const (
	SHT_NULL        SectionType = 0          // unused header
	SHT_SYMTAB      SectionType = 2          // symbol table
	SHT_STRTAB      SectionType = 3          // string table
	SHT_RELA        SectionType = 4          // relocations with addends
	SHT_DYNAMIC     SectionType = 6          // dynamic linking information
	SHT_NOBITS      SectionType = 8          // no bytes in the file (.bss)
	SHT_DYNSYM      SectionType = 11         // dynamic symbol table
	SHT_GNU_VERDEF  SectionType = 0x6ffffffd // symbol versions defined
	SHT_GNU_VERNEED SectionType = 0x6ffffffe // symbol versions needed
	SHT_GNU_VERSYM  SectionType = 0x6fffffff // version of each dynamic symbol
)

// SectionFlag is a section header's sh_flags. As in debug/elf, only the
// low 32 bits are kept.
type SectionFlag uint32

// The section flags gosh reads.
const (
	SHF_ALLOC      SectionFlag = 0x2   // occupies memory when loaded
	SHF_COMPRESSED SectionFlag = 0x800 // data starts with a compression header
)

// SectionIndex is a symbol's st_shndx: the index of the section that
// defines it, or a special value such as 0 (undefined).
type SectionIndex uint16

// ProgType is a program header's p_type.
type ProgType uint32

// PT_LOAD is a segment that the dynamic loader maps.
const PT_LOAD ProgType = 1

// ProgFlag is a program header's p_flags.
type ProgFlag uint32

// The segment permissions gosh reads.
const (
	PF_X ProgFlag = 0x1 // executable
	PF_W ProgFlag = 0x2 // writable
)

// DynTag is the tag of an entry of the dynamic section (d_tag).
type DynTag int64

// DT_FLAGS_1 holds the DF_1_* flags.
const DT_FLAGS_1 DynTag = 0x6ffffffb

// DynFlag1 is the value of a DT_FLAGS_1 entry.
type DynFlag1 uint32

// DF_1_PIE marks a position-independent executable.
const DF_1_PIE DynFlag1 = 0x08000000

// SymType is the type of a symbol, the low half of st_info.
type SymType byte

// The symbol types gosh reads.
const (
	STT_OBJECT SymType = 1 // data
	STT_FUNC   SymType = 2 // code
)

// ST_TYPE returns the type part of a symbol's st_info.
func ST_TYPE(info byte) SymType { return SymType(info & 0xf) }

// R_X86_64 is a relocation type on x86-64 (the low 32 bits of r_info).
type R_X86_64 uint32

// R_X86_64_RELATIVE adds the load address to the addend.
const R_X86_64_RELATIVE R_X86_64 = 8

// compressionType is the ch_type of a compressed section's header.
type compressionType uint32

// The compressions debug/elf can undo, and this package does not.
const (
	compressZlib compressionType = 1
	compressZstd compressionType = 2
)

// Sizes of the structures read, by class.
const (
	header32Size  = 52
	header64Size  = 64
	prog32Size    = 32
	prog64Size    = 56
	section32Size = 40
	section64Size = 64
	chdr32Size    = 12
	chdr64Size    = 24
	sym32Size     = 16
	sym64Size     = 24
	dyn32Size     = 8
	dyn64Size     = 16
)
