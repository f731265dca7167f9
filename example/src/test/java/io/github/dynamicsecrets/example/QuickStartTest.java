package io.github.dynamicsecrets.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {

    @AfterEach
    void reset() {
        FacadeReset.unbindAndClearConfiguration();
    }

    @Test
    void main_createsReadsAndSeesARotation_withoutPrintingAValue(@TempDir Path dir) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[] {dir.toString()});
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("created   db/password (generated").contains("rotated   db/password: version ");
        String finalValue = Files.readString(dir.resolve("db/password"));
        assertThat(printed).doesNotContain(finalValue);
    }
}
