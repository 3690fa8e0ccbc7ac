"""Confluent's own Python client against our broker and registry, both ways.

1. Consumes the Java-produced FaceImage records with confluent_kafka (librdkafka), resolves each
   writer schema by id with confluent_kafka's SchemaRegistryClient, decodes the Avro body with
   Apache Avro, and prints one JSON line per record.
2. Registers a schema with the same client and produces Confluent-framed records for Java to read.

Usage: confluent_interop.py BOOTSTRAP REGISTRY_URL IN_TOPIC COUNT OUT_TOPIC
"""
import io
import json
import struct
import sys

import avro.io
import avro.schema
from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

bootstrap, registry_url, in_topic, count, out_topic = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
registry = SchemaRegistryClient({"url": registry_url})

consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "python-interop",
                     "auto.offset.reset": "earliest", "enable.auto.commit": False})
consumer.subscribe([in_topic])
seen = 0
readers = {}
while seen < count:
    message = consumer.poll(30.0)
    if message is None:
        sys.exit("timed out after %d of %d records" % (seen, count))
    if message.error():
        sys.exit("consumer error: %s" % message.error())
    value = message.value()
    magic, schema_id = struct.unpack(">bI", value[:5])
    if magic != 0:
        sys.exit("bad magic byte %d" % magic)
    if schema_id not in readers:
        registered = registry.get_schema(schema_id)
        readers[schema_id] = avro.io.DatumReader(avro.schema.parse(registered.schema_str))
    record = readers[schema_id].read(avro.io.BinaryDecoder(io.BytesIO(value[5:])))
    print(json.dumps({"key": message.key().decode(), "id": record["id"], "label": record["label"],
                      "split": record["split"], "pixels": len(record["pixels"]), "schema_id": schema_id}))
    seen += 1
consumer.close()

schema_str = json.dumps({"type": "record", "name": "PyEvent", "namespace": "interop",
                         "fields": [{"name": "name", "type": "string"}, {"name": "n", "type": "int"}]})
schema_id = registry.register_schema(out_topic + "-value", Schema(schema_str, "AVRO"))
writer = avro.io.DatumWriter(avro.schema.parse(schema_str))
producer = Producer({"bootstrap.servers": bootstrap})
for n in range(3):
    body = io.BytesIO()
    body.write(struct.pack(">bI", 0, schema_id))
    writer.write({"name": "from-python", "n": n}, avro.io.BinaryEncoder(body))
    producer.produce(out_topic, key=str(n), value=body.getvalue())
producer.flush(30)
print(json.dumps({"registered_id": schema_id}))
