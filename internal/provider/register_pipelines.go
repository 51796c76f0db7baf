package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

func pipelineResources() []func() resource.Resource { return nil }

func pipelineDataSources() []func() datasource.DataSource { return nil }
