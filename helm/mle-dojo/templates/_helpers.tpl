{{/* Chart name, at most 63 characters (a label value). */}}
{{- define "mle-dojo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name, at most 63 characters (it names the Service, a DNS label). */}}
{{- define "mle-dojo.fullname" -}}
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

{{- define "mle-dojo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object the chart creates. */}}
{{- define "mle-dojo.labels" -}}
helm.sh/chart: {{ include "mle-dojo.chart" . }}
app.kubernetes.io/name: {{ include "mle-dojo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mle-dojo
{{- end }}

{{/* Selects the platform pods (Deployment, Service, PDB, NetworkPolicies, ServiceMonitor). */}}
{{- define "mle-dojo.platformSelectorLabels" -}}
app.kubernetes.io/name: {{ include "mle-dojo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: platform
{{- end }}

{{/*
Selects the episode pods. The platform labels its Jobs and their pods with managed-by=mle-dojo and the instance
it is given in DOJO_KUBERNETES_INSTANCE (the release name), so several releases can share a namespace.
*/}}
{{- define "mle-dojo.runnerSelectorLabels" -}}
app.kubernetes.io/managed-by: mle-dojo
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* repository@digest when a digest is given, otherwise repository:tag (tag defaults to appVersion). */}}
{{- define "mle-dojo.image" -}}
{{- $image := .Values.image }}
{{- if $image.digest }}
{{- printf "%s@%s" $image.repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $image.repository (default .Chart.AppVersion $image.tag) }}
{{- end }}
{{- end }}

{{/* The image of episode pods: episodes.runnerImage, or the platform's own (one image, two roles). */}}
{{- define "mle-dojo.runnerImage" -}}
{{- default (include "mle-dojo.image" .) .Values.episodes.runnerImage }}
{{- end }}

{{- define "mle-dojo.episodesNamespace" -}}
{{- default .Release.Namespace .Values.episodes.namespace }}
{{- end }}

{{- define "mle-dojo.serviceAccountName" -}}
{{- default (include "mle-dojo.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{- define "mle-dojo.runnerServiceAccountName" -}}
{{- default (printf "%s-runner" (include "mle-dojo.fullname" .)) .Values.episodes.serviceAccountName }}
{{- end }}

{{/* The URL episode pods use for the runner API and the LLM gateway: the Service's cluster DNS name. */}}
{{- define "mle-dojo.platformUrl" -}}
{{- printf "http://%s.%s.svc:%d" (include "mle-dojo.fullname" .) .Release.Namespace (int .Values.service.port) }}
{{- end }}

{{/* true when no external PostgreSQL is configured (the platform then starts an embedded one). */}}
{{- define "mle-dojo.embeddedDatabase" -}}
{{- if and (not .Values.database.url) (not .Values.database.existingSecret) }}true{{ end }}
{{- end }}

{{/* The chart's own Secret: the values that carry secrets and have no existingSecret. */}}
{{- define "mle-dojo.secretData" -}}
{{- $v := .Values }}
{{- if and $v.database.url (not $v.database.existingSecret) }}
jdbc-url: {{ $v.database.url | b64enc | quote }}
{{- with $v.database.username }}
database-username: {{ . | b64enc | quote }}
{{- end }}
{{- with $v.database.password }}
database-password: {{ . | b64enc | quote }}
{{- end }}
{{- end }}
{{- if and (eq $v.auth.mode "oidc") $v.auth.oidc.clientSecret (not $v.auth.oidc.existingSecret) }}
oidc-client-secret: {{ $v.auth.oidc.clientSecret | b64enc | quote }}
{{- end }}
{{- if not $v.auth.builtin.existingSecret }}
{{- with $v.auth.builtin.adminPassword }}
admin-password: {{ . | b64enc | quote }}
{{- end }}
{{- with $v.auth.builtin.demoPassword }}
demo-password: {{ . | b64enc | quote }}
{{- end }}
{{- end }}
{{- if not $v.keys.existingSecret }}
{{- with $v.keys.sessionEncryptionKey }}
session-encryption-key: {{ . | b64enc | quote }}
{{- end }}
{{- with $v.keys.secretsKey }}
secrets-key: {{ . | b64enc | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* An env entry read from a Secret key: (list name secret key). */}}
{{- define "mle-dojo.secretEnv" -}}
- name: {{ index . 0 }}
  valueFrom:
    secretKeyRef:
      name: {{ index . 1 }}
      key: {{ index . 2 }}
{{- end }}

{{/* A properties value with backslashes and line breaks escaped. */}}
{{- define "mle-dojo.propertyValue" -}}
{{- . | toString | replace "\\" "\\\\" | replace "\n" "\\n" }}
{{- end }}

{{/* Node selector entries as dojo.kubernetes.<prefix>."<label key>"=<value>: (list prefix map). */}}
{{- define "mle-dojo.nodeSelectorProperties" -}}
{{- $prefix := index . 0 }}
{{- range $key, $value := index . 1 }}
dojo.kubernetes.{{ $prefix }}."{{ $key }}"={{ include "mle-dojo.propertyValue" $value }}
{{- end }}
{{- end }}

{{/*
Tolerations in kubectl's taint notation, comma-separated, as the platform reads them: key=value:Effect for Equal
(Kubernetes' default operator), key:Effect for Exists, without :Effect when no effect is given.
*/}}
{{- define "mle-dojo.taints" -}}
{{- $taints := list }}
{{- range . }}
{{- $taint := .key }}
{{- if ne (default "Equal" .operator) "Exists" }}
{{- $taint = printf "%s=%s" $taint (default "" .value | toString) }}
{{- end }}
{{- with .effect }}
{{- $taint = printf "%s:%s" $taint . }}
{{- end }}
{{- $taints = append $taints $taint }}
{{- end }}
{{- join "," $taints }}
{{- end }}

{{/* The platform container's env entries that come from Secrets, plus platform.extraEnv. */}}
{{- define "mle-dojo.platformEnv" -}}
{{- $v := .Values }}
{{- $chartSecret := include "mle-dojo.fullname" . }}
{{- if $v.database.existingSecret }}
{{- include "mle-dojo.secretEnv" (list "QUARKUS_DATASOURCE_JDBC_URL" $v.database.existingSecret $v.database.secretKeys.url) | nindent 0 }}
{{- include "mle-dojo.secretEnv" (list "QUARKUS_DATASOURCE_USERNAME" $v.database.existingSecret $v.database.secretKeys.username) | nindent 0 }}
{{- include "mle-dojo.secretEnv" (list "QUARKUS_DATASOURCE_PASSWORD" $v.database.existingSecret $v.database.secretKeys.password) | nindent 0 }}
{{- else if $v.database.url }}
{{- include "mle-dojo.secretEnv" (list "QUARKUS_DATASOURCE_JDBC_URL" $chartSecret "jdbc-url") | nindent 0 }}
{{- if $v.database.username }}
{{- include "mle-dojo.secretEnv" (list "QUARKUS_DATASOURCE_USERNAME" $chartSecret "database-username") | nindent 0 }}
{{- end }}
{{- if $v.database.password }}
{{- include "mle-dojo.secretEnv" (list "QUARKUS_DATASOURCE_PASSWORD" $chartSecret "database-password") | nindent 0 }}
{{- end }}
{{- end }}
{{- if eq $v.auth.mode "oidc" }}
{{- if $v.auth.oidc.existingSecret }}
{{- include "mle-dojo.secretEnv" (list "QUARKUS_OIDC_CREDENTIALS_SECRET" $v.auth.oidc.existingSecret $v.auth.oidc.clientSecretKey) | nindent 0 }}
{{- else if $v.auth.oidc.clientSecret }}
{{- include "mle-dojo.secretEnv" (list "QUARKUS_OIDC_CREDENTIALS_SECRET" $chartSecret "oidc-client-secret") | nindent 0 }}
{{- end }}
{{- end }}
{{- if $v.auth.builtin.existingSecret }}
{{- include "mle-dojo.secretEnv" (list "DOJO_ADMIN_PASSWORD" $v.auth.builtin.existingSecret "admin-password") | nindent 0 }}
{{- include "mle-dojo.secretEnv" (list "DOJO_DEMO_PASSWORD" $v.auth.builtin.existingSecret "demo-password") | nindent 0 }}
{{- else }}
{{- if $v.auth.builtin.adminPassword }}
{{- include "mle-dojo.secretEnv" (list "DOJO_ADMIN_PASSWORD" $chartSecret "admin-password") | nindent 0 }}
{{- end }}
{{- if $v.auth.builtin.demoPassword }}
{{- include "mle-dojo.secretEnv" (list "DOJO_DEMO_PASSWORD" $chartSecret "demo-password") | nindent 0 }}
{{- end }}
{{- end }}
{{- if $v.keys.existingSecret }}
{{- include "mle-dojo.secretEnv" (list "QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY" $v.keys.existingSecret "session-encryption-key") | nindent 0 }}
{{- include "mle-dojo.secretEnv" (list "DOJO_SECRETS_KEY" $v.keys.existingSecret "secrets-key") | nindent 0 }}
{{- else }}
{{- if $v.keys.sessionEncryptionKey }}
{{- include "mle-dojo.secretEnv" (list "QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY" $chartSecret "session-encryption-key") | nindent 0 }}
{{- end }}
{{- if $v.keys.secretsKey }}
{{- include "mle-dojo.secretEnv" (list "DOJO_SECRETS_KEY" $chartSecret "secrets-key") | nindent 0 }}
{{- end }}
{{- end }}
{{- with $v.platform.extraEnv }}
{{- toYaml . | nindent 0 }}
{{- end }}
{{- end }}

{{/* Combinations of values the schema cannot express; rendering stops with a readable message. */}}
{{- define "mle-dojo.validate" -}}
{{- $v := .Values }}
{{- if and (gt (int $v.platform.replicas) 1) (include "mle-dojo.embeddedDatabase" .) }}
{{- fail "platform.replicas > 1 needs an external PostgreSQL (database.url or database.existingSecret): the embedded database lives in one pod" }}
{{- end }}
{{- if and (gt (int $v.platform.replicas) 1) (not $v.data.existingClaim) (not (has "ReadWriteMany" $v.data.accessModes)) }}
{{- fail "platform.replicas > 1 needs a data volume all replicas can mount: data.accessModes with ReadWriteMany, or data.existingClaim" }}
{{- end }}
{{- if and (eq $v.auth.mode "oidc") (not $v.auth.oidc.authServerUrl) }}
{{- fail "auth.mode=oidc needs auth.oidc.authServerUrl (e.g. https://keycloak.example.com/realms/mle-dojo)" }}
{{- end }}
{{- if and $v.kueue.createLocalQueue (not (and $v.kueue.queueName $v.kueue.clusterQueue)) }}
{{- fail "kueue.createLocalQueue needs kueue.queueName and kueue.clusterQueue" }}
{{- end }}
{{- range concat $v.episodes.tolerations $v.episodes.gpuTolerations }}
{{- if and (eq (default "Equal" .operator) "Exists") .value }}
{{- fail (printf "episode toleration %s: operator Exists takes no value" .key) }}
{{- end }}
{{- end }}
{{- if and $v.ingress.tls.enabled (not $v.ingress.tls.secretName) }}
{{- fail "ingress.tls.enabled needs ingress.tls.secretName" }}
{{- end }}
{{- end }}
