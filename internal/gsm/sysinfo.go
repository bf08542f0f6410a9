package gsm

// SysInfo is the Huawei system information of ^SYSINFOEX (or the older
// ^SYSINFO).
type SysInfo struct {
	Extended bool `json:"extended"` // from ^SYSINFOEX
	// SrvStatus: 0 no service, 1 restricted service, 2 valid service,
	// 3 restricted regional service, 4 power saving or deep sleep.
	SrvStatus int `json:"srv_status"`
	// SrvDomain: 0 no service, 1 CS only, 2 PS only, 3 PS and CS,
	// 4 not registered and searching.
	SrvDomain  int `json:"srv_domain"`
	RoamStatus int `json:"roam_status"` // 0 not roaming, 1 roaming
	// SIMState: 0 invalid, 1 valid, 2 invalid for CS, 3 invalid for PS,
	// 4 invalid for CS and PS, 240 ROM SIM, 255 no SIM.
	SIMState  int `json:"sim_state"`
	LockState int `json:"lock_state"` // 0 not locked, 1 locked by CardLock; -1 absent
	// SysMode is the system mode. ^SYSINFOEX: 0 no service, 1 GSM, 2 CDMA,
	// 3 WCDMA, 4 TD-SCDMA, 5 WiMAX, 6 LTE. ^SYSINFO: 0 no service, 1 AMPS,
	// 2 CDMA, 3 GSM/GPRS, 4 HDR, 5 WCDMA, 6 GPS, 7 GSM/WCDMA, 8 CDMA/HDR,
	// 15 TD-SCDMA.
	SysMode     int    `json:"sysmode"`
	SysModeName string `json:"sysmode_name,omitempty"` // ^SYSINFOEX only, e.g. "WCDMA"
	// SubMode is the detailed mode (e.g. ^SYSINFOEX 41 "HSPA+", 101 "LTE");
	// -1 when absent.
	SubMode     int    `json:"submode"`
	SubModeName string `json:"submode_name,omitempty"`
}

// InService reports whether the module has full service.
func (s SysInfo) InService() bool { return s.SrvStatus == 2 }

// Roaming reports whether the serving network is a visited one.
func (s SysInfo) Roaming() bool { return s.RoamStatus == 1 }

// ParseSYSINFOEX parses
// "^SYSINFOEX: <srv_status>,<srv_domain>,<roam_status>,<sim_state>,
// <lock_state>,<sysmode>,<sysmode_name>,<submode>,<submode_name>", e.g.
// ^SYSINFOEX: 2,3,0,1,,3,"WCDMA",41,"HSPA+". The names may be quoted or
// bare; <lock_state> may be empty.
func ParseSYSINFOEX(line string) (SysInfo, error) {
	s := SysInfo{Extended: true, LockState: -1, SubMode: -1}
	p, fs, err := open(line, "^SYSINFOEX")
	if err != nil {
		return s, err
	}
	if err := p.count(fs, 9, 9); err != nil {
		return s, err
	}
	err = firstErr(
		p.into(fs[0], "srv_status", 0, 4, &s.SrvStatus),
		p.into(fs[1], "srv_domain", 0, 255, &s.SrvDomain),
		p.into(fs[2], "roam_status", 0, 1, &s.RoamStatus),
		p.into(fs[3], "sim_state", 0, 255, &s.SIMState),
		p.optInto(fs[4], "lock_state", 0, 1, &s.LockState),
		p.into(fs[5], "sysmode", 0, 255, &s.SysMode),
		p.optInto(fs[7], "submode", 0, 9999, &s.SubMode))
	s.SysModeName, s.SubModeName = fs[6].s, fs[8].s
	return s, err
}

// ParseSYSINFO parses the older
// "^SYSINFO: <srv_status>,<srv_domain>,<roam_status>,<sys_mode>,<sim_state>
// [,<lock_state>,<sys_submode>]".
func ParseSYSINFO(line string) (SysInfo, error) {
	s := SysInfo{LockState: -1, SubMode: -1}
	p, fs, err := open(line, "^SYSINFO")
	if err != nil {
		return s, err
	}
	if err := p.count(fs, 5, 7); err != nil {
		return s, err
	}
	err = firstErr(
		p.into(fs[0], "srv_status", 0, 4, &s.SrvStatus),
		p.into(fs[1], "srv_domain", 0, 255, &s.SrvDomain),
		p.into(fs[2], "roam_status", 0, 1, &s.RoamStatus),
		p.into(fs[3], "sys_mode", 0, 255, &s.SysMode),
		p.into(fs[4], "sim_state", 0, 255, &s.SIMState))
	if err == nil && len(fs) > 5 {
		err = p.optInto(fs[5], "lock_state", 0, 1, &s.LockState)
	}
	if err == nil && len(fs) > 6 {
		err = p.optInto(fs[6], "sys_submode", 0, 255, &s.SubMode)
	}
	return s, err
}

// into parses a mandatory integer into dst.
func (p *parser) into(f field, name string, lo, hi int, dst *int) error {
	n, err := p.int(f, name, lo, hi)
	if err == nil {
		*dst = n
	}
	return err
}

// optInto parses an optional integer into dst (-1 when absent).
func (p *parser) optInto(f field, name string, lo, hi int, dst *int) error {
	n, err := p.optInt(f, name, lo, hi)
	if err == nil {
		*dst = n
	}
	return err
}
