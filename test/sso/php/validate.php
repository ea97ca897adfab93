<?php
// phpCAS (Debian's php-cas) as a CAS client of the server under test: validates one ticket and
// prints {"user": ..., "attributes": {...}} as JSON, or {"error": ...} with exit code 1.
// Used by test/sso/phpcas.test.ts, run from the PHP command line (no web server):
//   php validate.php VERSION CAS_BASE_URL SERVICE_URL TICKET
// VERSION is 2.0, 3.0 or S1 (SAML 1.1). The ticket is handed to phpCAS as the browser would,
// in $_GET['ticket'].
// Debian's phpCAS warns that its autoloader is deprecated (composer is preferred): not our concern.
error_reporting(E_ALL & ~E_DEPRECATED & ~E_USER_DEPRECATED);
require_once '/usr/share/php/CAS.php';

if ($argc !== 5) {
    fwrite(STDERR, "usage: php validate.php 2.0|3.0|S1 CAS_BASE_URL SERVICE_URL TICKET\n");
    exit(2);
}
[, $version, $casBase, $service, $ticket] = $argv;
$versions = ['2.0' => CAS_VERSION_2_0, '3.0' => CAS_VERSION_3_0, 'S1' => SAML_VERSION_1_1];
if (!isset($versions[$version])) {
    fwrite(STDERR, "unknown version\n");
    exit(2);
}
$cas = parse_url($casBase);
$serviceParts = parse_url($service);

// What a web server would have set for the request that carries the ticket.
$_SERVER['HTTP_HOST'] = $serviceParts['host'] . ':' . $serviceParts['port'];
$_SERVER['SERVER_NAME'] = $serviceParts['host'];
$_SERVER['SERVER_PORT'] = (string) $serviceParts['port'];
$_SERVER['REQUEST_URI'] = $serviceParts['path'] . '?ticket=' . $ticket;
$_SERVER['REQUEST_METHOD'] = 'GET';
$_GET['ticket'] = $ticket;

session_save_path(sys_get_temp_dir()); // the test points TMPDIR at its own folder
phpCAS::client($versions[$version], $cas['host'], (int) $cas['port'], rtrim($cas['path'] ?? '', '/'), $serviceParts['scheme'] . '://' . $_SERVER['HTTP_HOST'], false);
// phpCAS builds https:// URLs from the host; the test server is plain http on loopback.
phpCAS::setServerLoginURL($casBase . '/login?service=' . urlencode($service));
phpCAS::setServerServiceValidateURL($casBase . ($version === '3.0' ? '/p3/serviceValidate' : '/serviceValidate'));
phpCAS::setServerSamlValidateURL($casBase . '/samlValidate');
phpCAS::setFixedServiceURL($service);
phpCAS::setNoCasServerValidation();
phpCAS::setNoClearTicketsFromUrl();

try {
    if (!phpCAS::checkAuthentication()) {
        echo json_encode(['error' => 'not authenticated']), "\n";
        exit(1);
    }
    echo json_encode(['user' => phpCAS::getUser(), 'attributes' => phpCAS::getAttributes()], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
} catch (Throwable $e) {
    echo json_encode(['error' => get_class($e), 'message' => $e->getMessage()]), "\n";
    exit(1);
}
