package main

import (
	"context"
	"flag"
	"log/slog"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/sso"
	"github.com/kscheck/kscheck/internal/web"
)

// ssoOptions are serve's single sign-on flags.
type ssoOptions struct{ configFile string }

func addSSOFlags(fs *flag.FlagSet, env *Env) *ssoOptions {
	o := &ssoOptions{}
	fs.StringVar(&o.configFile, "sso-config", env.Getenv("KSCHECK_SSO_CONFIG"), "single sign-on configuration file: providers, attribute mapping, local passwords (env KSCHECK_SSO_CONFIG; see docs/integration.md)")
	return o
}

// setup configures single sign-on on svc and cfg: from the configuration
// file, or, in the demonstration without one, against the built-in
// identity provider. base is kscheck's public address.
func (o *ssoOptions) setup(ctx context.Context, svc *service.Service, cfg *web.Config, base string, withDemo bool, log *slog.Logger) error {
	cookies := sso.Cookies{Insecure: cfg.InsecureCookies}
	replay := web.ReplayRecord(ctx, svc)
	switch {
	case o.configFile != "":
		c, err := sso.LoadConfig(o.configFile)
		if err != nil {
			return err
		}
		p, err := sso.Setup(ctx, c, base, cookies, replay, log)
		if err != nil {
			return err
		}
		cfg.SSO = p
		svc.SignOn = service.SignOn{PasswordsOff: c.Passwords.Off(), BreakGlass: c.Passwords.BreakGlass, LinkByEmail: c.LinkByEmail}
	case withDemo:
		sp, idp, err := demo.SignOn(ctx, base, cookies, replay, log)
		if err != nil {
			return err
		}
		cfg.SSO = &sso.Providers{SAML: sp}
		cfg.DemoIdP, cfg.DemoIdPPath, cfg.DemoPassword = idp, demo.IdPPath, demo.Password
		svc.SignOn.LinkByEmail = true
	}
	return nil
}
