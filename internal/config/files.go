package config

// resolvePaths makes every file path absolute relative to dir, the
// configuration file's directory.
func (k *checker) resolvePaths(c *Config, dir string) {
	for _, p := range []*string{&c.Gateway.StateDir, &c.Spool.Dir, &c.Modem.Trace} {
		*p = abs(dir, *p)
	}
	if q := c.Outputs.MQTT; q != nil {
		q.CA, q.Cert, q.Key = abs(dir, q.CA), abs(dir, q.Cert), abs(dir, q.Key)
	}
	if h := c.Outputs.HTTPS; h != nil {
		h.CA, h.Cert, h.Key = abs(dir, h.CA), abs(dir, h.Cert), abs(dir, h.Key)
	}
	for _, s := range k.secrets(c) {
		s.secret.File = abs(dir, s.secret.File)
	}
}

// namedSecret is a secret and its field path.
type namedSecret struct {
	path   string
	secret *Secret
}

func (k *checker) secrets(c *Config) []namedSecret {
	list := []namedSecret{
		{"modem.pin", &c.Modem.PIN},
		{"modem.password", &c.Modem.Password},
		{"sms.console.password", &c.SMS.Console.Password},
	}
	if q := c.Outputs.MQTT; q != nil {
		list = append(list, namedSecret{"outputs.mqtt.password", &q.Password})
	}
	return list
}

// readSecrets reads every secret given as {file: PATH}, without the
// trailing newline and blanks.
func (k *checker) readSecrets(c *Config) {
	for _, s := range k.secrets(c) {
		if s.secret.File == "" {
			continue
		}
		v, err := readSecretFile(s.secret.File) // its mode is warned of in warnings
		if err != nil {
			k.errorf(s.path+".file", "%s", err)
			continue
		}
		s.secret.Value = v
	}
}
