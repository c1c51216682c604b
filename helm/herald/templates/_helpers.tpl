{{/* Chart name, overridable. */}}
{{- define "herald.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Object name: release-chart unless the release name already contains the chart name. 63 = DNS label limit. */}}
{{- define "herald.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Selector labels: stable across upgrades (a Deployment's selector is immutable). */}}
{{- define "herald.selectorLabels" -}}
app.kubernetes.io/name: {{ include "herald.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "herald.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "herald.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The Secret holding the component secret and the passwords: the operator's, or the chart's. */}}
{{- define "herald.secretName" -}}
{{- default (include "herald.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/* Quarkus' environment mapping of a property name: upper case, '.' and '-' become '_'. */}}
{{- define "herald.envName" -}}
{{- . | upper | replace "." "_" | replace "-" "_" }}
{{- end }}

{{/* host:port/database[?params] shared by the reactive and JDBC URLs, so both always point at one database. */}}
{{- define "herald.pgAddress" -}}
{{- $pg := .Values.postgresql }}
{{- printf "%s:%v/%s" $pg.host $pg.port $pg.database }}
{{- with $pg.urlParams }}?{{ . }}{{ end }}
{{- end }}

{{/* More than one pod can run at once: what makes a PodDisruptionBudget meaningful. */}}
{{- define "herald.multiPod" -}}
{{- if or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1) }}true{{ end }}
{{- end }}
