package uplink

import (
	"fmt"

	"github.com/cellgate/cellgate/internal/mqttaddr"
)

// Expand replaces every [NAME] in tmpl with fields[NAME] (names are matched
// case-insensitively), as mqttaddr.Expand does.
func Expand(tmpl string, fields map[string]string) (string, error) {
	s, err := mqttaddr.Expand(tmpl, fields)
	if err != nil {
		return "", fmt.Errorf("uplink: %w", err)
	}
	return s, nil
}

// checkTopic validates a topic to publish or subscribe to.
func checkTopic(t string, filter bool) error {
	if err := mqttaddr.CheckTopic(t, filter); err != nil {
		return fmt.Errorf("uplink: %w", err)
	}
	return nil
}
