// Command bench measures what Terraform runs of generated portals cost against HubSpot's Free
// limit: API requests by endpoint, 429s, wall time and the provider's peak memory, for an
// apply from empty, a no-op plan, and a no-op plan with coalescing turned off; and, in the
// same run, a no-op plan over as many time_static resources of hashicorp/terraform-provider-time
// (a framework provider that makes no requests: the floor a plugin provider's plan stands on).
// It measures each shape of portal in shapes (portal.go).
//
// It runs the real Terraform CLI. The provider is installed from a local filesystem mirror;
// the time provider is built from the Go module proxy into the user's cache directory on first
// use; the emulator runs inside this process with rate limiting on, so its counters are the
// API requests HubSpot would have received.
//
//	go run ./scripts/bench                       # every shape (make bench)
//	go run ./scripts/bench -shapes spread        # one shape
//	go run ./scripts/bench -generate DIR         # only write the standard portal's configuration
//	go run ./scripts/bench -tickets 200 -properties 40 -skip-uncoalesced -trace requests.txt
//	                                             # a custom portal, each request logged with its time
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
	// The floor's provider.
	timeAddress = "registry.terraform.io/hashicorp/time"
	timeModule  = "github.com/hashicorp/terraform-provider-time"
	timeVersion = "0.14.2"
	// Set in Terraform's environment, these make this binary, installed as the provider,
	// run the real provider as a child and record its peak resident memory.
	envWrapTarget = "HUBSPOT_BENCH_PROVIDER"
	envWrapOut    = "HUBSPOT_BENCH_MAXRSS_DIR"
)

// options are the settings every shape is measured with.
type options struct {
	parallelism int
	trace       string
	uncoalesced bool
	repeat      int
}

func main() {
	if target := os.Getenv(envWrapTarget); target != "" {
		os.Exit(wrap(target, os.Getenv(envWrapOut)))
	}
	custom := shapes[0].size
	var (
		dir      = flag.String("dir", ".bench", "working directory")
		generate = flag.String("generate", "", "only write the standard portal's configuration into this directory")
		only     = flag.String("shapes", "", "comma-separated shapes to measure (default all: "+shapeNames()+")")
		opts     options
		skipOff  = flag.Bool("skip-uncoalesced", false, "skip the no-op plan with coalescing off, the slowest measurement")
	)
	flag.IntVar(&opts.parallelism, "parallelism", 10, "terraform -parallelism")
	flag.StringVar(&opts.trace, "trace", "", "write every API request (time, route, batch inputs) to this file")
	flag.IntVar(&opts.repeat, "repeat", 3, "no-op plans of the portal and of the floor, taking turns; the fastest of each is reported")
	flag.IntVar(&custom.Tickets, "tickets", custom.Tickets, "custom portal: tickets, each with a contact association")
	flag.IntVar(&custom.Properties, "properties", custom.Properties, "custom portal: custom ticket properties")
	flag.IntVar(&custom.Groups, "groups", custom.Groups, "custom portal: property groups")
	flag.IntVar(&custom.Pipelines, "pipelines", custom.Pipelines, "custom portal: ticket pipelines")
	flag.IntVar(&custom.StagesPerPipeline, "stages", custom.StagesPerPipeline, "custom portal: stages per pipeline")
	flag.IntVar(&custom.StandaloneStages, "standalone-stages", custom.StandaloneStages, "custom portal: standalone stages on the default pipeline")
	flag.IntVar(&custom.Labels, "labels", custom.Labels, "custom portal: association labels")
	flag.IntVar(&custom.Spread, "spread", custom.Spread, "custom portal: custom properties the tickets' values are spread over")
	flag.IntVar(&custom.Unmanaged, "unmanaged", custom.Unmanaged, "custom portal: tickets in the portal besides the configuration's")
	flag.Parse()
	opts.uncoalesced = !*skipOff
	opts.repeat = max(opts.repeat, 1)

	if *generate != "" {
		if err := writePortal(*generate, shapes[0].size, nil); err != nil {
			fail(err)
		}
		return
	}
	todo, err := selectShapes(*only, custom)
	if err != nil {
		fail(err)
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail(err)
	}
	for _, sh := range todo {
		results, err := run(filepath.Join(abs, sh.name), sh.size, opts)
		if err != nil {
			fail(fmt.Errorf("%s: %w", sh.name, err))
		}
		report(os.Stdout, sh.name, sh.about, sh.size, opts.parallelism, results)
	}
}

func shapeNames() string {
	var names []string
	for _, sh := range shapes {
		names = append(names, sh.name)
	}
	return strings.Join(names, ",")
}

// selectShapes returns the shapes named, all of them when none is, or the custom portal when
// a size flag was given.
func selectShapes(only string, custom portalSize) ([]shape, error) {
	sized := false
	flag.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "tickets", "properties", "groups", "pipelines", "stages", "standalone-stages", "labels", "spread", "unmanaged":
			sized = true
		}
	})
	if sized {
		return []shape{{"custom", "a custom portal", custom}}, nil
	}
	if only == "" {
		return shapes, nil
	}
	var out []shape
	for _, name := range strings.Split(only, ",") {
		found := false
		for _, sh := range shapes {
			if sh.name == strings.TrimSpace(name) {
				out = append(out, sh)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("no shape %q; the shapes are %s", name, shapeNames())
		}
	}
	return out, nil
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
	// floor marks the time_static plan.
	floor bool
}

// startEmulator serves a new emulator at HubSpot's Free limit on a loopback port.
func startEmulator(tracePath string) (*emulator.Emulator, string, func(), error) {
	em, err := emulator.New(emulator.Options{Token: token})
	if err != nil {
		return nil, "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, err
	}
	var handler http.Handler = em
	var traceFile *os.File
	if tracePath != "" {
		if traceFile, err = os.Create(tracePath); err != nil {
			return nil, "", nil, err
		}
		handler = traceRequests(em, traceFile)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	stop := func() {
		srv.Close()
		if traceFile != nil {
			traceFile.Close()
		}
	}
	return em, "http://" + ln.Addr().String(), stop, nil
}

// seedPortal makes what the portal holds before Terraform runs: the contacts the tickets
// associate with, and the tickets the configuration does not manage.
func seedPortal(baseURL string, size portalSize) ([]string, error) {
	contacts, err := seedRecords(baseURL, "contacts", size.Tickets, func(i int) map[string]string {
		return map[string]string{"email": fmt.Sprintf("customer%04d@example.com", i), "firstname": "Customer", "lastname": strconv.Itoa(i)}
	})
	if err != nil {
		return nil, fmt.Errorf("creating contacts: %w", err)
	}
	_, err = seedRecords(baseURL, "tickets", size.Unmanaged, func(i int) map[string]string {
		return map[string]string{"subject": fmt.Sprintf("Unmanaged ticket %d", i), "hs_pipeline": "0", "hs_pipeline_stage": "1"}
	})
	if err != nil {
		return nil, fmt.Errorf("creating unmanaged tickets: %w", err)
	}
	return contacts, nil
}

func run(dir string, size portalSize, opts options) ([]measurement, error) {
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	em, baseURL, stop, err := startEmulator(opts.trace)
	if err != nil {
		return nil, err
	}
	defer stop()
	env, err := installProviders(root, dir)
	if err != nil {
		return nil, err
	}
	env = append(env, "HUBSPOT_BASE_URL="+baseURL, "HUBSPOT_ACCESS_TOKEN="+token)
	contacts, err := seedPortal(baseURL, size)
	if err != nil {
		return nil, err
	}
	portalDir, floorDir := filepath.Join(dir, "portal"), filepath.Join(dir, "floor")
	if err := writePortal(portalDir, size, contacts); err != nil {
		return nil, err
	}
	if err := writeFloor(floorDir, size.resources()); err != nil {
		return nil, err
	}

	tf := terraform{env: env, maxRSSDir: filepath.Join(dir, "maxrss"), parallelism: opts.parallelism}
	r := &recorder{em: em, tf: tf, label: filepath.Base(dir), floorDir: floorDir}
	for _, wd := range []string{portalDir, floorDir} {
		if _, err := tf.run(wd, "init", "-input=false"); err != nil {
			return nil, err
		}
	}
	if err := r.measure("apply from empty", portalDir, "apply", "-input=false", "-auto-approve"); err != nil {
		return nil, err
	}
	if _, err := tf.run(floorDir, "apply", "-input=false", "-auto-approve"); err != nil {
		return nil, err
	}
	// The plan and the floor take turns, opts.repeat times each, so that both see the same
	// machine; the fastest of each is kept, the least disturbed by whatever else runs.
	planName, floorName := "no-op plan", fmt.Sprintf("no-op plan, %d time_static (floor)", size.resources())
	for range opts.repeat {
		if err := r.measure(planName, portalDir, "plan", "-input=false", "-detailed-exitcode"); err != nil {
			return nil, err
		}
		if err := r.measure(floorName, floorDir, "plan", "-input=false", "-detailed-exitcode"); err != nil {
			return nil, err
		}
	}
	if opts.uncoalesced {
		if err := r.measure("no-op plan, coalescing off", portalDir, "plan", "-input=false", "-detailed-exitcode", "-var", "coalesce_requests=false"); err != nil {
			return nil, err
		}
	}
	return fastest(r.results), nil
}

// recorder runs Terraform commands against the emulator and keeps what each cost.
type recorder struct {
	em       *emulator.Emulator
	tf       terraform
	label    string
	floorDir string
	results  []measurement
}

func (r *recorder) measure(name, wd string, args ...string) error {
	r.em.ResetStats()
	m, err := r.tf.run(wd, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	m.name, m.floor = name, wd == r.floorDir
	stats := r.em.Stats()
	m.limited = stats["429"]
	delete(stats, "429")
	m.requests = stats
	for _, n := range stats {
		m.total += n
	}
	r.results = append(r.results, m)
	fmt.Fprintf(os.Stderr, "%-40s %5d requests %4d 429s %8.1fs %6.1f MB  CPU %.1fs (provider %.1fs)\n", r.label+": "+name, m.total, m.limited, m.wall.Seconds(), float64(m.maxRSS)/1e6, m.cpu.Seconds(), m.providerCPU.Seconds())
	return nil
}

// fastest keeps, of the measurements repeated under one name, the fastest, with the most
// requests and 429s and the highest peak memory any of them had.
func fastest(ms []measurement) []measurement {
	var out []measurement
	at := map[string]int{}
	for _, m := range ms {
		i, ok := at[m.name]
		if !ok {
			at[m.name] = len(out)
			out = append(out, m)
			continue
		}
		kept := &out[i]
		if m.wall < kept.wall {
			kept.wall, kept.cpu, kept.providerCPU = m.wall, m.cpu, m.providerCPU
		}
		if m.total > kept.total {
			kept.total, kept.requests = m.total, m.requests
		}
		kept.limited = max(kept.limited, m.limited)
		kept.maxRSS = max(kept.maxRSS, m.maxRSS)
	}
	return out
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

// installProviders builds the provider and installs this binary as the provider in a
// filesystem mirror, so that it can wrap the real one and record its peak memory; and
// installs the time provider, the floor's, beside it.
func installProviders(root, dir string) ([]string, error) {
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
	platform := runtime.GOOS + "_" + runtime.GOARCH
	plugdir := filepath.Join(dir, "plugins", address, version, platform)
	if err := os.MkdirAll(plugdir, 0o755); err != nil {
		return nil, err
	}
	if err := copyFile(self, filepath.Join(plugdir, "terraform-provider-hubspot_v"+version)); err != nil {
		return nil, err
	}
	timeBin, err := buildTimeProvider()
	if err != nil {
		return nil, err
	}
	timeDir := filepath.Join(dir, "plugins", timeAddress, timeVersion, platform)
	if err := os.MkdirAll(timeDir, 0o755); err != nil {
		return nil, err
	}
	if err := copyFile(timeBin, filepath.Join(timeDir, "terraform-provider-time_v"+timeVersion)); err != nil {
		return nil, err
	}
	rc := filepath.Join(dir, "terraformrc")
	config := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [%q, %q]\n  }\n}\ndisable_checkpoint = true\n", filepath.Join(dir, "plugins"), address, timeAddress)
	if err := os.WriteFile(rc, []byte(config), 0o644); err != nil {
		return nil, err
	}
	return []string{
		"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		envWrapTarget + "=" + providerBin, envWrapOut + "=" + filepath.Join(dir, "maxrss"),
	}, nil
}

// buildTimeProvider builds hashicorp/terraform-provider-time from the Go module proxy into
// the user's cache directory, once, and returns the binary.
func buildTimeProvider() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(cache, "terraform-provider-hubspot-bench", "terraform-provider-time_v"+timeVersion)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	out, err := exec.Command("go", "mod", "download", "-json", timeModule+"@v"+timeVersion).Output()
	if err != nil {
		return "", fmt.Errorf("downloading %s: %w", timeModule, err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		return "", fmt.Errorf("downloading %s: no module directory in %s", timeModule, out)
	}
	fmt.Fprintf(os.Stderr, "building %s v%s for the floor (once)\n", timeModule, timeVersion)
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = mod.Dir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("building %s: %w", timeModule, err)
	}
	return bin, nil
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

// seedRecords creates n records of objectType through the batch API and returns their ids.
func seedRecords(baseURL, objectType string, n int, props func(i int) map[string]string) ([]string, error) {
	var ids []string
	for start := 0; start < n; start += 100 {
		var inputs []map[string]any
		for i := start; i < min(start+100, n); i++ {
			inputs = append(inputs, map[string]any{"properties": props(i), "associations": []any{}})
		}
		body, _ := json.Marshal(map[string]any{"inputs": inputs})
		var out struct {
			Results []struct{ ID string } `json:"results"`
		}
		// The emulator paces these as it paces the provider; a 429 is waited out.
		for {
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, baseURL+"/crm/v3/objects/"+objectType+"/batch/create", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return nil, err
			}
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusTooManyRequests {
				time.Sleep(time.Second)
				continue
			}
			if resp.StatusCode != http.StatusCreated {
				return nil, fmt.Errorf("batch create %s: %d %s", objectType, resp.StatusCode, data)
			}
			if err := json.Unmarshal(data, &out); err != nil {
				return nil, err
			}
			break
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
