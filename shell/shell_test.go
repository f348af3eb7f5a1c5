package shell

import (
	"slices"
	"testing"
)

// TestPluginDirs: --plugins wins, then GOSH_PLUGIN_PATH, then ./plugins;
// empty entries are dropped, and a path of nothing but empty entries is as
// unset: never no directory at all (gosh build takes the first), never the
// current directory.
func TestPluginDirs(t *testing.T) {
	for _, tt := range []struct {
		flags     []string
		env       string // "unset" for none
		want      []string
		isDefault bool
	}{
		{nil, "unset", []string{DefaultPluginDir}, true},
		{nil, "", []string{DefaultPluginDir}, true},
		{nil, ":", []string{DefaultPluginDir}, true},
		{nil, "::", []string{DefaultPluginDir}, true},
		{nil, "/a::/b:", []string{"/a", "/b"}, false},
		{[]string{"/f"}, "/a", []string{"/f"}, false},
		{[]string{""}, "/a", []string{"/a"}, false},
		{[]string{"", "/f"}, "", []string{"/f"}, false},
		{[]string{""}, "unset", []string{DefaultPluginDir}, true},
	} {
		var environ []string
		if tt.env != "unset" {
			environ = []string{"GOSH_PLUGIN_PATH=" + tt.env}
		}
		got, isDefault := pluginDirs(Options{PluginDirs: tt.flags, Environ: environ})
		if !slices.Equal(got, tt.want) || isDefault != tt.isDefault {
			t.Errorf("--plugins %q, GOSH_PLUGIN_PATH %q: %q, default %v; want %q, %v", tt.flags, tt.env, got, isDefault, tt.want, tt.isDefault)
		}
	}
}
