package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

func ticketResources() []func() resource.Resource {
	return []func() resource.Resource{NewTicketResource}
}

func ticketDataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{NewTicketsDataSource}
}
