{{/* The chart's name, or nameOverride. */}}
{{- define "sbe.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The prefix of every object's name: fullnameOverride, the release name when it already holds the
chart's name, or <release>-<chart>; at most 52 characters so that suffixes stay within 63. */}}
{{- define "sbe.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "sbe.serviceAccountName" -}}
{{- default (include "sbe.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{/* Labels that select the operator's pods: fixed for the life of a release. */}}
{{- define "sbe.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sbe.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels on every object of the chart. */}}
{{- define "sbe.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "sbe.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: sandbox-egress-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "sbe.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The ServiceAccount as an RBAC subject. */}}
{{- define "sbe.subject" -}}
- kind: ServiceAccount
  name: {{ include "sbe.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
{{- end }}

{{/* What the operator does to the objects it renders, in the namespaces of SandboxEgress
resources: the rules of the "-manage" ClusterRole, bound cluster-wide or per watched namespace. */}}
{{- define "sbe.manageRules" -}}
- apiGroups: ["sandboxegress.io"]
  resources: ["sandboxegresses"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["sandboxegress.io"]
  resources: ["sandboxegresses/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["sandboxegress.io"]
  resources: ["sandboxegresses/finalizers"]
  verbs: ["update"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["networking.istio.io"]
  resources: ["sidecars", "serviceentries", "gateways", "virtualservices", "destinationrules"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["security.istio.io"]
  resources: ["authorizationpolicies"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "create", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["apps"]
  resources: ["controllerrevisions"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
{{- if .Values.policyReports.enabled }}
# a PolicyReport per SandboxEgress: read to compare, server-side applied when it changed (create
# for the first apply); the garbage collector deletes it with its SandboxEgress (owner reference)
- apiGroups: ["wgpolicyk8s.io"]
  resources: ["policyreports"]
  verbs: ["get", "create", "patch"]
{{- end }}
{{- end }}
