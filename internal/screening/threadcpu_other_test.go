//go:build !linux

package screening_test

import "time"

// threadCPU is not measured outside Linux; the CPU percentiles read 0.
func threadCPU() time.Duration { return 0 }
