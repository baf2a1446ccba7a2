package config

import (
	"context"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"knative.dev/eventing/pkg/apis/feature"
	"knative.dev/pkg/apis"
)

// knativeObject is what Knative's admission webhook requires of the objects
// it defaults and validates.
type knativeObject interface {
	apis.Defaultable
	apis.Validatable
	GetName() string
	GetObjectKind() schema.ObjectKind
}

// Validate defaults obj and validates it as Knative's webhook does when the
// object is created in a cluster whose config-features ConfigMap holds
// Eventing's defaults (delivery-timeout enabled, for one; Trigger filters
// need no flag since they went GA). Warnings pass; only error-level
// findings fail.
func Validate(obj knativeObject) error {
	ctx := feature.ToContext(context.Background(), feature.FromContextOrDefaults(context.Background()))
	ctx = apis.WithinCreate(ctx)
	obj.SetDefaults(ctx)
	if fe := obj.Validate(ctx).Filter(apis.ErrorLevel); fe != nil {
		return fe
	}
	return nil
}
