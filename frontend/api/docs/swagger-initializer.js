// The API explorer at /api/docs/: Swagger UI (from the org.webjars:swagger-ui jar, no CDN) over the
// five services' OpenAPI documents, each fetched through the edge as /api/docs/<service>.json.
// "Try it out" calls the documents' first server, /api on this origin; "Authorize" takes the
// token from POST /login. Served as this file by the launcher's edge and by nginx alike.
window.onload = () => {
  const services = ['product', 'user', 'order', 'payment', 'notification'];
  window.ui = SwaggerUIBundle({
    urls: services.map((name) => ({ name, url: `${name}.json` })),
    'urls.primaryName': 'product',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
    // the default badge asks a public validator about every document
    validatorUrl: null,
  });
};
