package io.ferstream.registry;

/** Avro schemas used across the tests, with their known compatibility relations spelled out. */
final class TestSchemas {

    private TestSchemas() {
    }

    /** User with a required string "name". */
    static final String USER_V1 =
            "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}";

    /** USER_V1 written differently: other key order, whitespace, full name instead of namespace. */
    static final String USER_V1_REFORMATTED = "{\n  \"fields\" : [ { \"type\" : \"string\", \"name\" : \"name\" } ],\n"
            + "  \"name\" : \"t.User\",\n  \"type\" : \"record\"\n}";

    /** USER_V1 plus an int "age" with default 0: compatible both ways with USER_V1. */
    static final String USER_V2_WITH_DEFAULT = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":["
            + "{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"age\",\"type\":\"int\",\"default\":0}]}";

    /** USER_V1 plus a required "email": not BACKWARD (new reader lacks a default), but FORWARD. */
    static final String USER_ADDS_REQUIRED = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":["
            + "{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"email\",\"type\":\"string\"}]}";

    /** USER_V1 without "name": BACKWARD (reader ignores it), not FORWARD (old reader needs it). */
    static final String USER_DROPS_NAME =
            "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[]}";

    /** USER_V1 with "name" as int: incompatible both ways. */
    static final String USER_NAME_AS_INT =
            "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"name\",\"type\":\"int\"}]}";

    // A chain where each step is BACKWARD compatible with the previous one, but step 3 cannot read step 1.
    static final String BACK_1 = "{\"type\":\"record\",\"name\":\"B\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
    static final String BACK_2 = "{\"type\":\"record\",\"name\":\"B\",\"fields\":[]}";
    static final String BACK_3 =
            "{\"type\":\"record\",\"name\":\"B\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":0}]}";

    // A chain where each step is FORWARD compatible with the previous one, but step 1 cannot read step 3.
    static final String FWD_1 =
            "{\"type\":\"record\",\"name\":\"F\",\"fields\":[{\"name\":\"a\",\"type\":\"string\",\"default\":\"x\"}]}";
    static final String FWD_2 = "{\"type\":\"record\",\"name\":\"F\",\"fields\":[]}";
    static final String FWD_3 = "{\"type\":\"record\",\"name\":\"F\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";

    /** A different record altogether. */
    static final String ORDER = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"t\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"long\"}]}";
}
