//go:build !linux

package main

// dropExecutablePages does nothing outside Linux.
func dropExecutablePages() (int, error) { return 0, nil }
