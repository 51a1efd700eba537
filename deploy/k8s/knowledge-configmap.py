#!/usr/bin/env python3
"""Prints the ConfigMap `devops-guide-knowledge` holding a knowledge directory (default: the
repository's knowledge/), for webhook.yaml's knowledge override:

    python3 deploy/k8s/knowledge-configmap.py [DIR] | kubectl apply -f -

Check an edited copy first with `devops-guide check DIR`. Replicas whose DEVOPS_GUIDE_KNOWLEDGE
points at the mount reload it within seconds of the kubelet updating the files; an invalid edit
is refused by every replica (logged, counted in devops_guide_knowledge_reloads_total) and the
old knowledge keeps serving.
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parents[2]
directory = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "knowledge"
files = sorted(directory.glob("*.toml"))
if not files:
    sys.exit(f"no *.toml files in {directory}")
print("apiVersion: v1")
print("kind: ConfigMap")
print("metadata:")
print("  name: devops-guide-knowledge")
print("  namespace: devops-guide")
print("  labels:")
print("    app.kubernetes.io/name: devops-guide")
print("data:")
for path in files:
    # JSON strings are valid YAML double-quoted scalars.
    print(f"  {path.name}: {json.dumps(path.read_text(encoding='utf-8'), ensure_ascii=False)}")
