package version

import "testing"

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"0.2.0", "0.2.0", 0},
		{"0.2", "0.2.0", 0},
		{"v1.2.3", "1.2.3", 0},
		{"1.10", "1.9", 1},
		{"0.1.9", "0.2", -1},
		{"2", "1.99.99", 1},
		{"x", "0.0.1", -1},
		{"0.0.1", "1.2.3.4", 1},
		{"", "0", -1},
	}
	for _, tt := range tests {
		if got := Compare(tt.a, tt.b); got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestValid(t *testing.T) {
	for v, want := range map[string]bool{
		"0.2.1": true, "v1": true, "1.2": true, Gosh: true,
		"": false, "v": false, "1..2": false, "1.2.3.4": false, "1.2-rc1": false, "-1": false, "99999999999": false,
	} {
		if got := Valid(v); got != want {
			t.Errorf("Valid(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestUnmet(t *testing.T) {
	tests := []struct {
		min, have, what string
	}{
		{"", "0.2.0", ""},
		{"0.2", "0.2.0", ""},
		{"0.1.9", "0.2.0", ""},
		{"0.3", "0.2.0", "it needs gosh 0.3 or newer, and this is gosh 0.2.0"},
		{"soon", "0.2.0", `its MinGoshVersion "soon" is not a version like 0.2.0`},
	}
	for _, tt := range tests {
		what, fix := Unmet(tt.min, tt.have)
		if what != tt.what || (what == "") != (fix == "") {
			t.Errorf("Unmet(%q, %q) = %q, %q; want %q and a fix with it", tt.min, tt.have, what, fix, tt.what)
		}
	}
}
