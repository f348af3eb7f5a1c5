package syntax_test

import (
	"fmt"

	"github.com/gosh-shell/gosh/shell/syntax"
)

func ExampleParse() {
	vars := map[string]string{"USER": "ada", "greeting": "hello world", "?": "0"}
	lookup := func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
	for _, line := range []string{
		`greet --shout "$greeting" $USER # say hi`,
		`echo $greeting '$USER' "[$?]" $unset ""`,
		`echo hi | wc`,
		`echo "hello`,
	} {
		words, err := syntax.Parse(line, lookup)
		if err != nil {
			fmt.Printf("error: %v (incomplete: %v)\n", err, syntax.IsIncomplete(err))
			continue
		}
		fmt.Printf("%q\n", words)
	}
	// Output:
	// ["greet" "--shout" "hello world" "ada"]
	// ["echo" "hello world" "$USER" "[0]" ""]
	// error: 1:9: operator '|' in a simple command (incomplete: false)
	// error: 1:6: unterminated double quote (incomplete: true)
}
