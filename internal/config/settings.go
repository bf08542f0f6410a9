package config

import "strconv"

// ApplySettings lays the SMS console's settings over the configuration:
// get gives a setting's value and whether it overrides the file's.
func (c *Config) ApplySettings(get func(key string) (string, bool)) {
	if v, ok := get("modem.apn"); ok {
		c.Modem.APN = v
	}
	if v, ok := get("modem.user"); ok {
		c.Modem.User = v
	}
	if v, ok := get("modem.password"); ok {
		c.Modem.Password.Value = v
	}
	if v, ok := get("modem.pin"); ok {
		c.Modem.PIN.Value = v
	}
	if v, ok := get("modem.operator"); ok {
		c.Modem.Operator = v
	}
	if v, ok := get("modem.roaming"); ok {
		c.Modem.Roaming = v == "true"
	}
	if v, ok := get("console.password"); ok {
		c.SMS.Console.Password.Value = v
	}
}

// SettingDefaults are the SMS console's settings as the configuration file
// gives them.
func (c *Config) SettingDefaults() map[string]string {
	return map[string]string{
		"modem.apn":        c.Modem.APN,
		"modem.user":       c.Modem.User,
		"modem.password":   c.Modem.Password.Value,
		"modem.pin":        c.Modem.PIN.Value,
		"modem.operator":   c.Modem.Operator,
		"modem.roaming":    strconv.FormatBool(c.Modem.Roaming),
		"console.password": c.SMS.Console.Password.Value,
	}
}
