/** Placeholder home page, shown until the first business features land. */
export function WelcomePage() {
  return (
    <>
      <h1>Bienvenue sur MONASSURANCE</h1>
      <p>
        Le back-office de votre cabinet de courtage est en cours de mise en place&nbsp;: la gestion
        des clients, des contrats et des documents arrivera ici très bientôt.
      </p>
      <p>
        En attendant, vous pouvez consulter la <a href="/docs">documentation de l’API</a> ou
        vérifier l’état du service avec la <a href="/health">sonde de santé</a>.
      </p>
    </>
  );
}
