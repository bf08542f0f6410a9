// Package bench holds cellgate's benchmarks. Each reports its result as a
// ratio against a baseline measured in the same run, because the machines
// they run on are noisy:
//
//	go test ./bench -run '^$' -bench . -benchtime 3s
package bench
