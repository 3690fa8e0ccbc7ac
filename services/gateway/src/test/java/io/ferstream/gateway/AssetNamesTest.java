package io.ferstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AssetNamesTest {

    @Test
    void thePagesFilesHaveTheirTypes() {
        assertThat(AssetNames.contentType("index.html")).hasValue("text/html; charset=utf-8");
        assertThat(AssetNames.contentType("app.js")).hasValue("text/javascript; charset=utf-8");
        assertThat(AssetNames.contentType("style.css")).hasValue("text/css; charset=utf-8");
        assertThat(AssetNames.contentType("face-icon.svg")).hasValue("image/svg+xml");
        assertThat(AssetNames.contentType("favicon.ico")).hasValue("image/x-icon");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../pom.xml", "..%2Fsecret.js", "a/b.js", "App.js", "app.JS", "app.js.map", "x.class",
            ".hidden.css", "report.json", "index.html/", "io/ferstream/gateway/GatewayService.class"})
    void nothingElse(String name) {
        assertThat(AssetNames.contentType(name)).isEmpty();
    }
}
