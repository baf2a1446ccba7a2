package funcstage_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
	"sigs.k8s.io/kind/pkg/apis/config/defaults"
	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
)

// The kind cluster's test lives here because staged functions are what gets
// deployed to it; config/ belongs to the Knative manifests.

// loadKindCluster decodes kind-cluster.yaml the way `kind create cluster`
// does (pkg/internal/apis/config/encoding): YAML v3 (gopkg.in/yaml.v3, the
// decoder go.yaml.in/yaml/v3 continues) with unknown fields
// refused, into kind's own v1alpha4 types.
func loadKindCluster(t *testing.T, raw []byte) (v1alpha4.Cluster, error) {
	t.Helper()
	var c v1alpha4.Cluster
	d := yaml.NewDecoder(bytes.NewReader(raw))
	d.KnownFields(true)
	err := d.Decode(&c)
	return c, err
}

func readKindCluster(t *testing.T) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), "kind-cluster.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestKindClusterIsOnePinnedControlPlaneNode(t *testing.T) {
	c, err := loadKindCluster(t, readKindCluster(t))
	if err != nil {
		t.Fatalf("kind-cluster.yaml does not decode strictly into kind's v1alpha4.Cluster: %v", err)
	}
	if c.Kind != "Cluster" || c.APIVersion != "kind.x-k8s.io/v1alpha4" {
		t.Errorf("kind, apiVersion = %q, %q", c.Kind, c.APIVersion)
	}
	if len(c.Nodes) != 1 || c.Nodes[0].Role != v1alpha4.ControlPlaneRole {
		t.Fatalf("nodes = %+v, want one control-plane node", c.Nodes)
	}
	if got := c.Nodes[0].Image; got != defaults.Image {
		t.Errorf("node image = %q, want kind v0.33.0's default %q (pinned by digest)", got, defaults.Image)
	}
}

func TestKindClusterPublishesKourierOnHostPort80(t *testing.T) {
	c, err := loadKindCluster(t, readKindCluster(t))
	if err != nil {
		t.Fatal(err)
	}
	v1alpha4.SetDefaultsCluster(&c)
	want := v1alpha4.PortMapping{ContainerPort: 31080, HostPort: 80, ListenAddress: "127.0.0.1", Protocol: v1alpha4.PortMappingProtocolTCP}
	for _, n := range c.Nodes {
		for _, m := range n.ExtraPortMappings {
			if m == want {
				return
			}
		}
	}
	t.Errorf("no node maps Kourier's NodePort: want %+v", want)
}

// The node pulls localhost:5001 images from the kind-registry container
// through containerd's hosts directory, which `task cluster:up` fills.
func TestKindClusterPointsContainerdAtTheRegistryHostsDirectory(t *testing.T) {
	c, err := loadKindCluster(t, readKindCluster(t))
	if err != nil {
		t.Fatal(err)
	}
	patches := strings.Join(c.ContainerdConfigPatches, "\n")
	if !strings.Contains(patches, `config_path = "/etc/containerd/certs.d"`) {
		t.Errorf("containerdConfigPatches do not set the registry config_path:\n%s", patches)
	}
	if strings.Contains(patches, "registry.mirrors") {
		t.Errorf("containerd refuses inline registry.mirrors together with config_path:\n%s", patches)
	}
}

func TestKindClusterWithATypoIsRefused(t *testing.T) {
	raw := bytes.Replace(readKindCluster(t), []byte("extraPortMappings"), []byte("extraPortMapping"), 1)
	if _, err := loadKindCluster(t, raw); err == nil {
		t.Error("a misspelt field decoded without error")
	}
}
