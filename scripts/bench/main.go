// Command bench measures what Terraform runs of the standard portal cost against HubSpot's
// Free limit: API requests by endpoint, 429s, wall time and the provider's peak memory, for an
// apply from empty, a no-op plan, and a no-op plan with coalescing turned off; and, in the same
// run, a no-op plan over as many terraform_data resources (Terraform's own floor).
//
// It runs the real Terraform CLI. The provider is installed from a local filesystem mirror;
// the emulator runs inside this process with rate limiting on, so its counters are the API
// requests HubSpot would have received.
//
//	go run ./scripts/bench            # the standard portal (make bench)
//	go run ./scripts/bench -generate DIR  # only write the standard portal's configuration
//	go run ./scripts/bench -tickets 200 -properties 40 -skip-uncoalesced -trace requests.txt
//	                                  # a smaller portal, each request logged with its time
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
)

const (
	address = "registry.terraform.io/supportops/hubspot"
	version = "0.1.0"
	token   = "pat-bench-token"
	// Set in Terraform's environment, these make this binary, installed as the provider,
	// run the real provider as a child and record its peak resident memory.
	envWrapTarget = "HUBSPOT_BENCH_PROVIDER"
	envWrapOut    = "HUBSPOT_BENCH_MAXRSS_DIR"
)

func main() {
	if target := os.Getenv(envWrapTarget); target != "" {
		os.Exit(wrap(target, os.Getenv(envWrapOut)))
	}
	var (
		size     portalSize
		dir      = flag.String("dir", ".bench", "working directory")
		generate = flag.String("generate", "", "only write the standard portal's configuration into this directory")
		par      = flag.Int("parallelism", 10, "terraform -parallelism")
		trace    = flag.String("trace", "", "write every API request (time, route, batch inputs) to this file")
		skipOff  = flag.Bool("skip-uncoalesced", false, "skip the no-op plan with coalescing off, the slowest measurement")
	)
	flag.IntVar(&size.Tickets, "tickets", 1000, "tickets, each with a contact association")
	flag.IntVar(&size.Properties, "properties", 200, "custom ticket properties")
	flag.IntVar(&size.Groups, "groups", 10, "property groups")
	flag.IntVar(&size.Pipelines, "pipelines", 20, "ticket pipelines")
	flag.IntVar(&size.StagesPerPipeline, "stages", 5, "stages per pipeline")
	flag.IntVar(&size.StandaloneStages, "standalone-stages", 20, "standalone stages on the default pipeline")
	flag.IntVar(&size.Labels, "labels", 5, "association labels")
	flag.Parse()

	if *generate != "" {
		if err := writePortal(*generate, size, nil); err != nil {
			fail(err)
		}
		return
	}
	if err := run(*dir, size, *par, *trace, !*skipOff); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

// measurement is one Terraform command's cost.
type measurement struct {
	name     string
	requests map[string]int
	total    int
	limited  int
	wall     time.Duration
	maxRSS   int64 // bytes, the largest of the provider processes the command started
	// cpu is the CPU time (user and system) of Terraform and every process it started;
	// providerCPU that of the provider processes alone.
	cpu, providerCPU time.Duration
}

func run(dir string, size portalSize, parallelism int, tracePath string, uncoalesced bool) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}

	// The emulator, at HubSpot's Free limit.
	em, err := emulator.New(emulator.Options{Token: token})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	var handler http.Handler = em
	if tracePath != "" {
		f, err := os.Create(tracePath)
		if err != nil {
			return err
		}
		defer f.Close()
		handler = traceRequests(em, f)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	baseURL := "http://" + ln.Addr().String()

	env, err := installProvider(root, dir)
	if err != nil {
		return err
	}
	env = append(env, "HUBSPOT_BASE_URL="+baseURL, "HUBSPOT_ACCESS_TOKEN="+token)

	// The records the tickets associate with exist before Terraform runs, as in a real portal.
	contacts, err := seedContacts(baseURL, size.Tickets)
	if err != nil {
		return fmt.Errorf("creating contacts: %w", err)
	}
	portalDir := filepath.Join(dir, "portal")
	if err := writePortal(portalDir, size, contacts); err != nil {
		return err
	}
	floorDir := filepath.Join(dir, "floor")
	if err := writeFloor(floorDir, size.resources()); err != nil {
		return err
	}

	tf := terraform{env: env, maxRSSDir: filepath.Join(dir, "maxrss"), parallelism: parallelism}
	var results []measurement
	measure := func(name, wd string, args ...string) error {
		em.ResetStats()
		m, err := tf.run(wd, args...)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		m.name = name
		stats := em.Stats()
		m.limited = stats["429"]
		delete(stats, "429")
		m.requests = stats
		for _, n := range stats {
			m.total += n
		}
		results = append(results, m)
		fmt.Fprintf(os.Stderr, "%-34s %5d requests %4d 429s %8.1fs %6.1f MB  CPU %.1fs (provider %.1fs)\n", name, m.total, m.limited, m.wall.Seconds(), float64(m.maxRSS)/1e6, m.cpu.Seconds(), m.providerCPU.Seconds())
		return nil
	}

	for _, wd := range []string{portalDir, floorDir} {
		if _, err := tf.run(wd, "init", "-input=false"); err != nil {
			return err
		}
	}
	if err := measure("apply from empty", portalDir, "apply", "-input=false", "-auto-approve"); err != nil {
		return err
	}
	if err := measure("no-op plan", portalDir, "plan", "-input=false", "-detailed-exitcode"); err != nil {
		return err
	}
	if uncoalesced {
		if err := measure("no-op plan, coalescing off", portalDir, "plan", "-input=false", "-detailed-exitcode", "-var", "coalesce_requests=false"); err != nil {
			return err
		}
	}
	if _, err := tf.run(floorDir, "apply", "-input=false", "-auto-approve"); err != nil {
		return err
	}
	if err := measure(fmt.Sprintf("no-op plan, %d terraform_data", size.resources()), floorDir, "plan", "-input=false", "-detailed-exitcode"); err != nil {
		return err
	}

	report(os.Stdout, size, parallelism, results)
	return nil
}

// terraform runs the Terraform CLI with the provider installed from the local mirror.
type terraform struct {
	env         []string
	maxRSSDir   string
	parallelism int
}

func (t terraform) run(dir string, args ...string) (measurement, error) {
	if err := os.RemoveAll(t.maxRSSDir); err != nil {
		return measurement{}, err
	}
	if err := os.MkdirAll(t.maxRSSDir, 0o755); err != nil {
		return measurement{}, err
	}
	if args[0] == "plan" || args[0] == "apply" {
		args = append(args, fmt.Sprintf("-parallelism=%d", t.parallelism))
	}
	cmd := exec.Command("terraform", append([]string{args[0], "-no-color"}, args[1:]...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), t.env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	m := measurement{wall: time.Since(start)}
	if cmd.ProcessState != nil {
		// Terraform waits for the providers it starts, so its usage includes theirs.
		m.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if err != nil {
		// -detailed-exitcode: 2 means the plan has changes, which a no-op plan must not have.
		tail := out.String()
		if len(tail) > 4000 {
			tail = tail[len(tail)-4000:]
		}
		return m, fmt.Errorf("terraform %s: %v\n%s", strings.Join(args, " "), err, tail)
	}
	entries, _ := os.ReadDir(t.maxRSSDir)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(t.maxRSSDir, e.Name()))
		var rss, cpu int64
		if _, err := fmt.Sscan(string(data), &rss, &cpu); err != nil {
			continue
		}
		m.maxRSS = max(m.maxRSS, rss)
		m.providerCPU += time.Duration(cpu)
	}
	return m, nil
}

// installProvider builds the provider, and installs this binary as the provider in a
// filesystem mirror so that it can wrap the real one and record its peak memory.
func installProvider(root, dir string) ([]string, error) {
	providerBin := filepath.Join(dir, "terraform-provider-hubspot")
	build := exec.Command("go", "build", "-ldflags", "-X main.version="+version, "-o", providerBin, ".")
	build.Dir = root
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("building the provider: %w", err)
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	plugdir := filepath.Join(dir, "plugins", address, version, runtime.GOOS+"_"+runtime.GOARCH)
	if err := os.MkdirAll(plugdir, 0o755); err != nil {
		return nil, err
	}
	if err := copyFile(self, filepath.Join(plugdir, "terraform-provider-hubspot_v"+version)); err != nil {
		return nil, err
	}
	rc := filepath.Join(dir, "terraformrc")
	config := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [%q]\n  }\n}\ndisable_checkpoint = true\n", filepath.Join(dir, "plugins"), address)
	if err := os.WriteFile(rc, []byte(config), 0o644); err != nil {
		return nil, err
	}
	return []string{
		"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		envWrapTarget + "=" + providerBin, envWrapOut + "=" + filepath.Join(dir, "maxrss"),
	}, nil
}

// wrap runs the real provider with this process's arguments, standard streams and
// environment, and records the child's peak resident memory and CPU time once it exits.
func wrap(target, outDir string) int {
	cmd := exec.Command(target, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = os.Environ()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	err := cmd.Wait()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && outDir != "" {
		// Maxrss is in kilobytes on Linux.
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		_ = os.WriteFile(filepath.Join(outDir, strconv.Itoa(cmd.Process.Pid)), fmt.Appendf(nil, "%d %d", ru.Maxrss*1024, cpu), 0o644)
	}
	if err != nil {
		return cmd.ProcessState.ExitCode()
	}
	return 0
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func repoRoot() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return "", fmt.Errorf("finding the module root: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// seedContacts creates n contacts through the batch API and returns their ids.
func seedContacts(baseURL string, n int) ([]string, error) {
	var ids []string
	for start := 0; start < n; start += 100 {
		var inputs []map[string]any
		for i := start; i < min(start+100, n); i++ {
			inputs = append(inputs, map[string]any{
				"properties":   map[string]string{"email": fmt.Sprintf("customer%04d@example.com", i), "firstname": "Customer", "lastname": strconv.Itoa(i)},
				"associations": []any{},
			})
		}
		body, _ := json.Marshal(map[string]any{"inputs": inputs})
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, baseURL+"/crm/v3/objects/contacts/batch/create", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		var out struct {
			Results []struct{ ID string } `json:"results"`
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return nil, fmt.Errorf("batch create contacts: %d %s", resp.StatusCode, data)
		}
		if err := json.Unmarshal(data, &out); err != nil {
			return nil, err
		}
		for _, r := range out.Results {
			ids = append(ids, r.ID)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// traceRequests logs each request to w as it arrives: the time, the method and path, and for
// batch requests the number of inputs, to see how calls were gathered into batches.
func traceRequests(next http.Handler, w io.Writer) http.Handler {
	var mu sync.Mutex
	start := time.Now()
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		line := fmt.Sprintf("%9.3f %s %s", time.Since(start).Seconds(), r.Method, r.URL.Path)
		if strings.Contains(r.URL.Path, "/batch/") && r.Body != nil {
			data, err := io.ReadAll(r.Body)
			if err == nil {
				var in struct {
					Inputs []json.RawMessage `json:"inputs"`
				}
				if json.Unmarshal(data, &in) == nil {
					line += fmt.Sprintf(" inputs=%d", len(in.Inputs))
				}
				r.Body = io.NopCloser(bytes.NewReader(data))
			}
		}
		mu.Lock()
		fmt.Fprintln(w, line)
		mu.Unlock()
		next.ServeHTTP(rw, r)
	})
}
