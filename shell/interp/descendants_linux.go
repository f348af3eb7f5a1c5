package interp

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// maxDescendants bounds the processes groupDescendants looks at.
const maxDescendants = 4096

// groupDescendants returns every process that pid started, and that those
// started, as far as they are still in gosh's process group: the processes
// a Ctrl-C on the terminal reaches together with the program. A Ctrl-C can
// reach gosh and not them (typed just before the program was started; or
// a SIGINT sent to gosh alone), and then SIGINT to the program alone is
// not enough: sh -c "sleep 30; ..." killed by it leaves its sleep running.
// Linux tells a process's children in /proc/PID/task/TID/children.
func groupDescendants(pid int) []int {
	group := syscall.Getpgrp()
	var in []int
	for _, p := range descendants(pid) {
		if pg, err := syscall.Getpgid(p); err == nil && pg == group {
			in = append(in, p)
		}
	}
	return in
}

// descendants returns the processes started by pid, and by those, in
// breadth-first order.
func descendants(pid int) []int {
	var found []int
	queue := []int{pid}
	for len(queue) > 0 && len(found) < maxDescendants {
		p := queue[0]
		queue = queue[1:]
		dir := "/proc/" + strconv.Itoa(p) + "/task"
		tasks, err := os.ReadDir(dir)
		if err != nil {
			continue // gone already
		}
		for _, task := range tasks {
			data, err := os.ReadFile(dir + "/" + task.Name() + "/children")
			if err != nil {
				continue
			}
			for _, field := range strings.Fields(string(data)) {
				if child, err := strconv.Atoi(field); err == nil {
					found = append(found, child)
					queue = append(queue, child)
				}
			}
		}
	}
	return found
}
