// Package collect is cellgate's field layer: it polls Modbus devices on
// wall-clock schedules and writes one record per device and poll to the
// durable spool.
//
// A Config lists buses (a serial line or a TCP connection, opened by a
// function so that a port missing at start or an adapter unplugged later is
// opened again, with backoff, without stopping the other buses) and their
// devices. Each device is read either as Titan-style register blocks (the
// Start and Number Words lists of a Titan router) or as typed registers
// (integers, floats, strings, bits, with scale and unit).
//
// Schedules are aligned to the wall clock as a logger's are: a device polled
// every 10 minutes is read at :00, :10, :20 and so on (multiples of its
// interval since the Unix epoch, in UTC). A poll that overruns its interval
// skips the slots it covered (counted as missed) instead of catching up in a
// burst. Devices on one bus share it through modbus.Bus, one transaction at
// a time, so a dead PLC costs the others one timeout per poll and is then
// skipped with backoff; every bus and device has its own goroutine, so a slow
// bus does not hold up another one.
//
// A poll reads the device's registers with the fewest requests the planner
// (modbus.Planner) finds, and plans again around the gaps a device refuses
// with exception 02. Either every request succeeds and the poll makes one
// record, or the poll makes none and its error is counted, and logged when
// the device's state changes. Records are written as the Titan router's
// logger line ({TYPE:MODB,...}), its strict-JSON form, or cellgate's typed
// JSON record (record.Record); Sink is called after the bus has been
// released.
package collect
