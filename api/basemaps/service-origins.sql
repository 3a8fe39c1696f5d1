-- Why: the CSP allows the browser exactly the hosts of registered intranet tile services (every street's).
SELECT DISTINCT url FROM basemaps WHERE url IS NOT NULL
