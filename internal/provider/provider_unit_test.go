package provider

import "testing"

func TestCheckBaseURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://api.hubapi.com": true,
		"http://127.0.0.1:8080":  true,
		"http://localhost:8080":  true,
		"http://[::1]:8080":      true,
		"http://api.hubapi.com":  false,
		"http://10.0.0.5:8080":   false,
		"ftp://api.hubapi.com":   false,
		"api.hubapi.com":         false,
		"https://":               false,
	} {
		err := checkBaseURL(raw)
		if (err == nil) != ok {
			t.Errorf("checkBaseURL(%q) = %v, want ok=%v", raw, err, ok)
		}
	}
}
