package io.fenrir.api.languages;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** HTTP adapter for the language catalog: translates only; the behaviour is in {@link LanguageCatalog}. */
@Path("/languages")
public class LanguageResource {
    private final LanguageCatalog catalog;

    public LanguageResource(LanguageCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public LanguageView.Catalog list() {
        return catalog.list();
    }

    @GET
    @Path("{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public LanguageView get(@PathParam("name") String name) {
        return catalog.find(name);
    }
}
