"""What production puts around the portal: the nginx front cache (nginx/portal.conf)."""
