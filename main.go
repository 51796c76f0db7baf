package main

import (
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/supportops/terraform-provider-hubspot/internal/provider"
)

// version is set by the release build (goreleaser's ldflags).
var version = "dev"

func main() {
	var debugMode bool
	flag.BoolVar(&debugMode, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debugMode {
		opts = append(opts, tf6server.WithManagedDebug())
	} else {
		quietLogsTerraformDiscards()
	}
	if err := tf6server.Serve(provider.Address, provider.NewServer(version), opts...); err != nil {
		log.Fatal(err.Error())
	}
}

// quietLogsTerraformDiscards turns terraform-plugin-go's, the framework's and the provider's
// own logging off when Terraform would discard every line of it (the provider docs' "Logs"
// section says so). It is the one process-wide change the provider makes, and it changes only
// what no one sees. They log at trace level
// unless told otherwise (some 190,000 JSON lines over a plan of the benchmark's portal), and
// Terraform parses each line before dropping it unless TF_LOG or TF_LOG_PROVIDER is set;
// the provider runs with Terraform's environment, so it sees the same variables. A level the
// user set for any of these loggers is left as it is.
func quietLogsTerraformDiscards() {
	if os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_HUBSPOT"} {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, "OFF")
		}
	}
}
