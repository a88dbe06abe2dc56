package org.rayport.pools.internal.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolStatus;
import org.rayport.pools.PoolType;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Requests as JSON, read as the REST bundle's provider reads them (unknown fields refused), mapped to pools. */
public class PoolMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static PoolDto request(String json) throws IOException {
        return JSON.readValue(json.replace('\'', '"'), PoolDto.class);
    }

    private static Pool node(String id, int port, String aeTitle) {
        return new Pool(id, "CT", PoolOptions.DEFAULTS, new PoolSettings.NetworkNode(port, aeTitle, List.of()),
                Set.of("admin"), Set.of());
    }

    @Test
    public void aNewNetworkNodeTakesTheDefaultOptions() throws IOException {
        Pool pool = PoolMapper.toNewPool(request("{'id':'ct','type':'networknode','port':11113,'aeTitle':' CT_SCP ',"
                + "'allowedCallers':['MODALITY', ' WS@10.0.0.5 ', ''],'users':['admin','admin',' ']}"));
        assertEquals("ct", pool.id());
        assertEquals("the name defaults to the id", "ct", pool.name());
        assertEquals(PoolOptions.DEFAULTS, pool.options());
        assertEquals(new PoolSettings.NetworkNode(11113, "CT_SCP", List.of("MODALITY", "WS@10.0.0.5")),
                pool.settings());
        assertEquals(Set.of("admin"), pool.users());
    }

    @Test
    public void everyTypeIsKnownByItsKeyAndItsName() throws IOException {
        assertEquals(PoolType.QUERY_RETRIEVE, PoolMapper.toNewPool(request("{'id':'pacs','type':'QUERY_RETRIEVE',"
                + "'pacsHost':'pacs.example.org','pacsPort':104,'pacsAeTitle':'PACS','localAeTitle':'RAYPORT_QR',"
                + "'retrievePort':11114}")).type());
        assertEquals(new PoolSettings.Folder("/srv/import"),
                PoolMapper.toNewPool(request("{'id':'inbox','type':'folder','directory':'/srv/import'}")).settings());
        assertEquals(new PoolSettings.UserStorage(),
                PoolMapper.toNewPool(request("{'id':'uploads','type':'userstorage'}")).settings());
    }

    @Test
    public void refusalsNameTheirField() {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("{'type':'networknode','port':1,'aeTitle':'A'}", "id"),
                Map.entry("{'id':'Bad Id','type':'networknode','port':1,'aeTitle':'A'}", "id"),
                Map.entry("{'id':'statuses','type':'userstorage'}", "id"),
                Map.entry("{'id':'x'}", "type"),
                Map.entry("{'id':'x','type':'tape'}", "type"),
                Map.entry("{'id':'x','type':'networknode','aeTitle':'A'}", "port"),
                Map.entry("{'id':'x','type':'networknode','port':70000,'aeTitle':'A'}", "port"),
                Map.entry("{'id':'x','type':'networknode','port':104,'aeTitle':'SEVENTEEN_CHARS_X'}", "aeTitle"),
                Map.entry("{'id':'x','type':'networknode','port':104,'aeTitle':'A','allowedCallers':['TOO_LONG_A_TITLE_X']}",
                        "allowedCallers"),
                Map.entry("{'id':'x','type':'networknode','port':104,'aeTitle':'A','allowedCallers':['WS@']}",
                        "allowedCallers"),
                Map.entry("{'id':'x','type':'networknode','port':104,'aeTitle':'A','retentionDays':-1}",
                        "retentionDays"),
                Map.entry("{'id':'x','type':'networknode','port':104,'aeTitle':'A','deviceRetentionHours':-0.5}",
                        "deviceRetentionHours"),
                Map.entry("{'id':'x','type':'networknode','port':104,'aeTitle':'A','name':'" + "n".repeat(201) + "'}",
                        "name"),
                Map.entry("{'id':'x','type':'folder','directory':'/d','port':104}", "port"),
                Map.entry("{'id':'x','type':'folder','directory':' '}", "directory"),
                Map.entry("{'id':'x','type':'userstorage','directory':'/d'}", "directory"),
                Map.entry("{'id':'x','type':'queryretrieve','pacsHost':'h','pacsPort':104,'pacsAeTitle':'P',"
                        + "'localAeTitle':'L'}", "retrievePort"),
                Map.entry("{'id':'x','type':'queryretrieve','pacsHost':'h','pacsPort':104,'pacsAeTitle':'P',"
                        + "'localAeTitle':'L\\\\X','retrievePort':1}", "localAeTitle"));
        refused.forEach((json, field) -> {
            InvalidPoolField invalid = assertThrows(json, InvalidPoolField.class,
                    () -> PoolMapper.toNewPool(request(json)));
            assertEquals(json + ": " + invalid.getMessage(), field, invalid.field());
            assertTrue(invalid.getMessage(), invalid.getMessage().contains(field)
                    || field.equals("type") || field.equals("id"));
        });
    }

    @Test
    public void unknownFieldsAreRefusedByTheReader() {
        UnrecognizedPropertyException unknown = assertThrows(UnrecognizedPropertyException.class,
                () -> request("{'id':'x','type':'userstorage','colour':'red'}"));
        assertEquals("colour", unknown.getPropertyName());
    }

    @Test
    public void anEditChangesOnlyWhatItGives() throws IOException {
        Pool current = new Pool("ct", "CT", new PoolOptions(true, "/data/ct", true, 30, 12, true, false, false),
                new PoolSettings.NetworkNode(11113, "CT_SCP", List.of("MODALITY")), Set.of("admin"), Set.of("rad"));
        Pool edited = PoolMapper.merge(current, request("{'port':11115,'enabled':false,'groups':[]}"));
        assertEquals(new Pool("ct", "CT", new PoolOptions(false, "/data/ct", true, 30, 12, true, false, false),
                new PoolSettings.NetworkNode(11115, "CT_SCP", List.of("MODALITY")), Set.of("admin"), Set.of()), edited);
        assertEquals("an empty request changes nothing", current, PoolMapper.merge(current, request("{}")));
        assertEquals("the same id and type may be repeated", current,
                PoolMapper.merge(current, request("{'id':'ct','type':'networknode'}")));
    }

    @Test
    public void anEditCannotChangeTheIdOrTheType() {
        Pool current = node("ct", 11113, "CT_SCP");
        assertEquals("id", assertThrows(InvalidPoolField.class,
                () -> PoolMapper.merge(current, request("{'id':'mr'}"))).field());
        InvalidPoolField type = assertThrows(InvalidPoolField.class,
                () -> PoolMapper.merge(current, request("{'type':'folder','directory':'/d'}")));
        assertEquals("type", type.field());
        assertTrue(type.getMessage(), type.getMessage().contains("cannot change"));
        assertEquals("directory", assertThrows(InvalidPoolField.class,
                () -> PoolMapper.merge(current, request("{'directory':'/d'}"))).field());
    }

    @Test
    public void answersLeaveOutWhatDoesNotApplyAndWarnAboutPseudonymization() throws IOException {
        Pool folder = new Pool("inbox", "Inbox", new PoolOptions(true, "", false, 0, 0, false, true, true),
                new PoolSettings.Folder("/srv/import"), Set.of("b", "a"), Set.of());
        PoolStatus status = new PoolStatus("inbox", PoolStatus.State.STARTING, "waiting",
                Instant.parse("2026-01-02T03:04:05Z"));
        JsonNode json = JSON.valueToTree(PoolMapper.toDto(folder, status));
        assertEquals("folder", json.get("type").asText());
        assertEquals("/srv/import", json.get("directory").asText());
        assertFalse(json.has("port") || json.has("aeTitle") || json.has("pacsHost"));
        assertEquals("[\"a\",\"b\"]", json.get("users").toString());
        assertEquals("STARTING", json.get("status").get("state").asText());
        assertEquals("2026-01-02T03:04:05Z", json.get("status").get("since").asText());
        assertTrue(json.get("warnings").get(0).asText().contains("burned into the pixel data"));

        assertNull(PoolMapper.toDto(node("ct", 104, "CT"), null).warnings());
    }

    @Test
    public void whatAnAnswerShowsCanBeSentBackUnchanged() throws IOException {
        Pool pool = new Pool("pacs", "PACS", new PoolOptions(true, "", false, 1.5, 0, false, true, false),
                new PoolSettings.QueryRetrieve("pacs.example.org", 104, "PACS", "RAYPORT_QR", 11114), Set.of(),
                Set.of("rad"));
        String answer = JSON.writeValueAsString(PoolMapper.toDto(pool,
                new PoolStatus("pacs", PoolStatus.State.RUNNING, "", Instant.now())));
        assertEquals(pool, PoolMapper.toNewPool(JSON.readValue(answer, PoolDto.class)));
        assertEquals(pool, PoolMapper.merge(pool, JSON.readValue(answer, PoolDto.class)));
    }

    @Test
    public void sourcesReadAsAnAdministratorWritesThem() {
        assertEquals("CT_SCP@11113", PoolMapper.source(node("ct", 11113, "CT_SCP")));
        assertEquals("/srv/import", PoolMapper.source(new Pool("f", null, PoolOptions.DEFAULTS,
                new PoolSettings.Folder("/srv/import"), null, null)));
    }
}
