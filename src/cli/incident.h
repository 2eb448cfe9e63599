/* The incident subcommands (cmd_incident.c, cmd_incident_edit.c). */
#ifndef KUZET_CLI_INCIDENT_H
#define KUZET_CLI_INCIDENT_H

#include "cli/cli.h"

extern const char kz_incident_usage[];
int kz_incident_list(struct kz_cli *cli, int argc, char **argv);
int kz_incident_show(struct kz_cli *cli, int argc, char **argv);
int kz_incident_add(struct kz_cli *cli, int argc, char **argv);
int kz_incident_edit(struct kz_cli *cli, int argc, char **argv);
int kz_incident_publish(struct kz_cli *cli, int argc, char **argv);
int kz_incident_rm(struct kz_cli *cli, int argc, char **argv);

#endif
