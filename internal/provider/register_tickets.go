package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

func ticketResources() []func() resource.Resource { return nil }

func ticketDataSources() []func() datasource.DataSource { return nil }
