package config

import (
	"errors"
	"fmt"
	"strings"
)

// ReadSecretFile reads a secret kept in a file by the rules of a
// configuration's {file: PATH}: a regular file of at most 64 KiB, taken
// without its trailing newline and blanks, not empty. warning, when not "",
// says that others may read the file or its group or others change it, as
// config check warns of a secret file.
func ReadSecretFile(path string) (value, warning string, err error) {
	value, err = readSecretFile(path)
	if err != nil {
		return "", "", err
	}
	return value, privateFileWarning(path), nil
}

// readSecretFile is ReadSecretFile without the warning.
func readSecretFile(path string) (string, error) {
	data, err := readFile(path, maxSecretBytes)
	if err != nil {
		return "", fmt.Errorf("cannot read secret file %s: %s", path, reason(err))
	}
	value := strings.TrimRight(string(data), " \t\r\n")
	if value == "" {
		return "", errors.New("secret file " + path + " is empty")
	}
	return value, nil
}

// privateFileWarning says who else may read or change a secret, key or
// trace file, and how to stop it; "" when nobody may.
func privateFileWarning(file string) string {
	m, ok := perm(file)
	if !ok || m&0o026 == 0 {
		return ""
	}
	return fmt.Sprintf("%s is %s (mode %#o); chmod 600 %s", file, looseness(m&0o026), m, file)
}
