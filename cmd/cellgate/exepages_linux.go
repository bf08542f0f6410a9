package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// dropExecutablePages tells the kernel that the process does not need the
// pages it has mapped of its executable's read-only mappings (code,
// read-only data, function tables): MADV_DONTNEED unmaps them and leaves
// them in the page cache, from which each page in use is mapped back on its
// next access (a minor fault). Those mappings are never written, so no
// content is lost. The writable data mapping is left alone, and so is
// everything while a debugger is attached, whose breakpoints live in
// private copies of code pages, and so is a position-independent or
// dynamically linked executable, whose read-only mappings may hold
// relocations the loader wrote before protecting them. It returns how many
// bytes of mappings it released (0 when it did nothing).
func dropExecutablePages() (int, error) {
	if traced() {
		return 0, nil
	}
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return 0, err
	}
	if ok, err := staticExecutable("/proc/self/exe"); err != nil || !ok {
		return 0, err
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return 0, err
	}
	var n int
	for line := range strings.Lines(string(maps)) {
		// address perms offset dev inode pathname
		f := strings.Fields(line)
		if len(f) < 6 || strings.Join(f[5:], " ") != exe || strings.ContainsAny(f[1], "ws") {
			continue
		}
		lo, hi, _ := strings.Cut(f[0], "-")
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), syscall.MADV_DONTNEED); e != 0 {
			return n, os.NewSyscallError("madvise", e)
		}
		n += int(end - start)
	}
	return n, nil
}

// traced reports whether a debugger (or strace) is attached.
func traced() bool {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return true
	}
	_, rest, ok := bytes.Cut(b, []byte("\nTracerPid:"))
	if !ok {
		return true
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	return string(bytes.TrimSpace(line)) != "0"
}

// staticExecutable reports whether the ELF file at path is a statically
// linked executable at a fixed address (type ET_EXEC, no PT_INTERP and no
// PT_DYNAMIC program header): nothing in it is relocated at load time.
func staticExecutable(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	var h [64]byte
	if _, err := io.ReadFull(f, h[:52]); err != nil {
		return false, err
	}
	if string(h[:4]) != "\x7fELF" {
		return false, errors.New("not an ELF file")
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if h[5] == 2 {
		bo = binary.BigEndian
	}
	if bo.Uint16(h[16:]) != 2 { // ET_EXEC
		return false, nil
	}
	var phoff int64
	var phentsize, phnum int
	switch h[4] {
	case 1: // ELFCLASS32
		phoff = int64(bo.Uint32(h[28:]))
		phentsize, phnum = int(bo.Uint16(h[42:])), int(bo.Uint16(h[44:]))
	case 2: // ELFCLASS64
		if _, err := io.ReadFull(f, h[52:]); err != nil {
			return false, err
		}
		phoff = int64(bo.Uint64(h[32:]))
		phentsize, phnum = int(bo.Uint16(h[54:])), int(bo.Uint16(h[56:]))
	default:
		return false, errors.New("unknown ELF class")
	}
	if phentsize < 4 || phnum > 256 {
		return false, errors.New("malformed ELF program headers")
	}
	ph := make([]byte, phentsize*phnum)
	if _, err := f.ReadAt(ph, phoff); err != nil {
		return false, err
	}
	for i := range phnum {
		switch bo.Uint32(ph[i*phentsize:]) {
		case 2, 3: // PT_DYNAMIC, PT_INTERP
			return false, nil
		}
	}
	return true, nil
}
