package config

import (
	"path/filepath"

	gwconfig "github.com/cellgate/cellgate/internal/config"
)

// Load reads and checks the configuration file at path: a regular file of
// at most 1 MiB that not every user may write. Every problem is returned
// together, as an ErrorList.
func Load(path string) (*Config, error) {
	data, err := gwconfig.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse decodes and checks a configuration read from the file name: the
// file's values over Default's, relative paths made absolute relative to
// name's directory, the database URL read from its file if it is given as
// {file: PATH}. Every problem is returned together, as an ErrorList.
func Parse(name string, data []byte) (*Config, error) {
	c := Default()
	doc := gwconfig.DecodeDocument(name, data, c)
	c.Path = name
	if a, err := filepath.Abs(name); err == nil && name != "" {
		c.Path = a
	}
	k := &checker{doc: doc}
	k.resolvePaths(c, filepath.Dir(c.Path))
	k.readSecrets(c)
	k.validate(c)
	if err := doc.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// checker completes and checks a decoded Config, reporting each problem at
// the field it concerns.
type checker struct {
	doc *gwconfig.Document
}

func (k *checker) errorf(field, format string, args ...any) { k.doc.Errorf(field, format, args...) }

// resolvePaths makes every file name absolute relative to dir, the
// configuration file's directory.
func (k *checker) resolvePaths(c *Config, dir string) {
	for _, p := range []*string{&c.TLS.Cert, &c.TLS.Key, &c.Database.Path, &c.Database.URL.File, &c.Secrets.JWTKeyFile, &c.Secrets.EncryptionKeyFile} {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
}

// readSecrets reads the PostgreSQL URL from its file.
func (k *checker) readSecrets(c *Config) {
	u := &c.Database.URL
	if u.File == "" || c.Database.Driver != DriverPostgres {
		return
	}
	v, _, err := gwconfig.ReadSecretFile(u.File)
	if err != nil {
		k.errorf("database.url.file", "%v", err)
		return
	}
	u.Value = v
}

// Check validates c as Parse does, for a configuration made in code (such
// as Default with some values changed): every problem, as an ErrorList
// whose Errors name the field but no file or line. Database.URL is taken
// as it is, not read from its file.
func (c *Config) Check() error {
	var nothing struct{}
	k := &checker{doc: gwconfig.DecodeDocument("", nil, &nothing)}
	k.validate(c)
	return k.doc.Err()
}
