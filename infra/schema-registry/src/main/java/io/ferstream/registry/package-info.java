/**
 * A schema registry compatible with Confluent Schema Registry's REST API, for Avro, stored in Kafka.
 *
 * <p>Start one with {@link io.ferstream.registry.SchemaRegistryServer#start}. Confluent's clients (Java
 * serializers, {@code confluent-kafka} for Python) and our own serde use it unchanged, and it can be swapped for a
 * real Confluent registry.
 *
 * <h2>Supported</h2>
 * <ul>
 *   <li>{@code GET /}, {@code GET /subjects} ({@code deleted}, {@code subjectPrefix}),
 *       {@code GET|POST /subjects/{s}/versions}, {@code GET|DELETE /subjects/{s}/versions/{v}} ({@code v} a
 *       positive number, {@code -1} or {@code latest}), {@code GET /subjects/{s}/versions/{v}/schema},
 *       {@code GET /subjects/{s}/versions/{v}/referencedby} (always empty), {@code POST|DELETE /subjects/{s}}
 *       (lookup; soft delete, then {@code permanent=true}).</li>
 *   <li>{@code GET /schemas} ({@code subjectPrefix}, {@code deleted}, {@code latestOnly}),
 *       {@code GET /schemas/ids/{id}} ({@code fetchMaxId} adds {@code maxId}), {@code .../schema},
 *       {@code .../versions}, {@code .../subjects}, {@code GET /schemas/types}.</li>
 *   <li>{@code POST /compatibility/subjects/{s}/versions[/{v}]} ({@code verbose=true} adds {@code messages}).</li>
 *   <li>{@code GET|PUT|DELETE /config} and {@code /config/{s}} ({@code defaultToGlobal}) with all seven levels;
 *       the default is BACKWARD.</li>
 *   <li>{@code GET /mode}, {@code GET /mode/{s}} (always READWRITE); {@code PUT} accepts only READWRITE.</li>
 *   <li>Confluent's error codes (40401..40408, 409, 42201..42204, 50001, 50002), its response content type
 *       {@code application/vnd.schemaregistry.v1+json}, and its request types (also {@code application/json},
 *       {@code application/vnd.schemaregistry+json}, {@code application/octet-stream} or none). Unknown query
 *       parameters ({@code normalize}, {@code format}, {@code subject}, ...) are ignored.</li>
 *   <li>Global ids shared across subjects and never reused in a running registry; registering an already
 *       registered schema is idempotent. Schemas are compared and stored in Avro's normalized form
 *       ({@code Schema.toString()}), as Confluent does.</li>
 *   <li>Storage like Confluent's: one compacted, single-partition topic with JSON keys and values in Confluent's
 *       layout. Several instances may share a topic; each tails it and so sees the others' writes.</li>
 * </ul>
 *
 * <h2>Not supported</h2>
 * <ul>
 *   <li>Schema types other than AVRO (JSON, PROTOBUF give 42201) and schema references (non-empty
 *       {@code references} gives 42201).</li>
 *   <li>Contexts, import / read-only modes, metadata and rule sets (ignored), {@code normalize} (Avro's normalized
 *       form is always used), exporters, authentication, TLS.</li>
 *   <li>Leader election: instances sharing a topic do not coordinate their writes. Send writes to one instance.</li>
 *   <li>A malformed JSON request body is answered with HTTP 422 and error_code 422 (Confluent answers 400 or 422).
 *   </li>
 *   <li>Ids come from the highest id in the topic; if the schema with the highest id is hard-deleted and the
 *       tombstones have been compacted away before a restart, that id can be handed out again (Confluent without
 *       a leader behaves the same).</li>
 * </ul>
 */
package io.ferstream.registry;
