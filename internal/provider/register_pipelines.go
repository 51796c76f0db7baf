package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

func pipelineResources() []func() resource.Resource {
	return []func() resource.Resource{
		NewTicketPipelineResource,
		NewTicketPipelineStageResource,
	}
}

func pipelineDataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewTicketPipelineDataSource,
		NewTicketPipelinesDataSource,
	}
}
